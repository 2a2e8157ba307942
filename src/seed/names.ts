/**
 * Given names and family names by naming culture. A contact's culture usually follows the city
 * they live in (src/seed/places.ts) and sometimes not, so every country gets a realistic mix.
 */
export const CULTURES = [
  'english', 'german', 'french', 'spanish', 'italian', 'portuguese',
  'dutch', 'nordic', 'polish', 'indian', 'japanese', 'chinese',
] as const;
export type Culture = (typeof CULTURES)[number];

export interface NameList {
  readonly male: readonly string[];
  readonly female: readonly string[];
  readonly family: readonly string[];
}

const words = (text: string) => text.trim().split(/\s*,\s*/);

export const NAMES: Readonly<Record<Culture, NameList>> = {
  english: {
    male: words('James, John, Robert, Michael, William, David, Richard, Thomas, Daniel, Matthew, Christopher, Andrew, Joshua, Ryan, Oliver, Jack, Harry, George, Liam, Noah'),
    female: words('Mary, Patricia, Jennifer, Linda, Elizabeth, Sarah, Jessica, Emily, Emma, Olivia, Sophie, Charlotte, Hannah, Amelia, Grace, Chloe, Lucy, Megan, Rachel, Laura'),
    family: words(`Smith, Johnson, Williams, Brown, Jones, Miller, Davis, Wilson, Taylor, Anderson, Thomas, Moore,
      Martin, Jackson, Thompson, White, Harris, Clark, Lewis, Walker, Hall, Young, King, Wright, Green, Baker, Evans,
      Roberts, O'Brien, Murphy`),
  },
  german: {
    male: words('Lukas, Leon, Maximilian, Felix, Jonas, Paul, Elias, Finn, Tobias, Florian, Stefan, Andreas, Markus, Jürgen, Wolfgang, Klaus, Matthias, Sebastian, Moritz, Dieter'),
    female: words('Anna, Lena, Lea, Hannah, Sophie, Marie, Mia, Laura, Katharina, Julia, Sabine, Petra, Monika, Ursula, Claudia, Franziska, Johanna, Greta, Birgit, Anja'),
    family: words(`Müller, Schmidt, Schneider, Fischer, Weber, Meyer, Wagner, Becker, Schulz, Hoffmann, Schäfer, Koch,
      Bauer, Richter, Klein, Wolf, Schröder, Neumann, Schwarz, Zimmermann, Braun, Krüger, Hofmann, Hartmann, Lange,
      Werner, Krause, Lehmann, Köhler, Huber`),
  },
  french: {
    male: words('Louis, Gabriel, Raphaël, Jules, Hugo, Lucas, Arthur, Théo, Nathan, Antoine, Pierre, Nicolas, Julien, Mathieu, François, Olivier, Sébastien, Guillaume, Étienne, Benoît'),
    female: words('Camille, Léa, Manon, Chloé, Inès, Jade, Louise, Alice, Juliette, Élodie, Céline, Nathalie, Isabelle, Sophie, Aurélie, Margaux, Clémence, Amélie, Sandrine, Hélène'),
    family: words(`Martin, Bernard, Dubois, Thomas, Robert, Richard, Petit, Durand, Leroy, Moreau, Simon, Laurent,
      Lefèvre, Michel, Garcia, David, Bertrand, Roux, Vincent, Fournier, Morel, Girard, André, Mercier, Dupont,
      Lambert, Bonnet, François, Fontaine, Rousseau`),
  },
  spanish: {
    male: words('Alejandro, Daniel, Pablo, Hugo, Javier, Diego, Carlos, Manuel, Antonio, José, Francisco, Miguel, Sergio, Jorge, Luis, Mateo, Santiago, Andrés, Fernando, Tomás'),
    female: words('Lucía, María, Paula, Sofía, Carmen, Laura, Marta, Ana, Isabel, Elena, Valentina, Camila, Daniela, Gabriela, Natalia, Andrea, Claudia, Rocío, Pilar, Alba'),
    family: words(`García, Rodríguez, González, Fernández, López, Martínez, Sánchez, Pérez, Gómez, Martín, Jiménez,
      Ruiz, Hernández, Díaz, Moreno, Álvarez, Romero, Navarro, Torres, Domínguez, Vázquez, Ramos, Gil, Castro,
      Ortega, Rubio, Molina, Morales, Suárez, Herrera`),
  },
  italian: {
    male: words('Leonardo, Francesco, Alessandro, Lorenzo, Mattia, Andrea, Gabriele, Riccardo, Tommaso, Giuseppe, Marco, Luca, Giovanni, Antonio, Paolo, Stefano, Roberto, Davide, Simone, Matteo'),
    female: words('Sofia, Giulia, Aurora, Alice, Ginevra, Emma, Giorgia, Greta, Beatrice, Chiara, Francesca, Martina, Sara, Valentina, Elena, Federica, Alessandra, Silvia, Paola, Elisa'),
    family: words(`Rossi, Russo, Ferrari, Esposito, Bianchi, Romano, Colombo, Ricci, Marino, Greco, Bruno, Gallo, Conti,
      De Luca, Mancini, Costa, Giordano, Rizzo, Lombardi, Moretti, Barbieri, Fontana, Santoro, Mariani, Rinaldi,
      Caruso, Ferrara, Galli, Martini, Leone`),
  },
  portuguese: {
    male: words('João, Pedro, Lucas, Gabriel, Rafael, Miguel, Tiago, Bruno, Rodrigo, Gustavo, Felipe, Matheus, Diogo, André, Ricardo, Carlos, Paulo, Fernando, Vinícius, Eduardo'),
    female: words('Maria, Ana, Beatriz, Mariana, Júlia, Larissa, Camila, Inês, Leonor, Matilde, Carolina, Fernanda, Gabriela, Isabela, Letícia, Rita, Sofia, Luana, Bruna, Patrícia'),
    family: words(`Silva, Santos, Oliveira, Souza, Pereira, Costa, Rodrigues, Almeida, Nascimento, Lima, Araújo,
      Fernandes, Carvalho, Gomes, Martins, Rocha, Ribeiro, Alves, Monteiro, Mendes, Barros, Freitas, Barbosa, Pinto,
      Moura, Cavalcanti, Dias, Castro, Campos, Cardoso`),
  },
  dutch: {
    male: words('Daan, Sem, Lucas, Levi, Finn, Milan, Bram, Jesse, Thijs, Ruben, Jeroen, Pieter, Willem, Joost, Sander, Maarten, Bas, Koen, Hendrik, Stijn'),
    female: words('Emma, Julia, Tess, Sophie, Zoë, Sara, Fleur, Anouk, Lotte, Sanne, Eva, Femke, Iris, Lieke, Maaike, Marieke, Noor, Roos, Esther, Ingrid'),
    family: words(`de Jong, Jansen, de Vries, van den Berg, van Dijk, Bakker, Janssen, Visser, Smit, Meijer, de Boer,
      Mulder, de Groot, Bos, Vos, Peters, Hendriks, van Leeuwen, Dekker, Brouwer, de Wit, Dijkstra, Smits, de Graaf,
      van der Meer, Peeters, Maes, Willems, Claes, Goossens`),
  },
  nordic: {
    male: words('Lars, Erik, Anders, Johan, Karl, Nils, Magnus, Henrik, Oskar, Mikael, Jonas, Emil, Viktor, Axel, Sven, Bjørn, Ole, Kristian, Mads, Rasmus'),
    female: words('Ingrid, Astrid, Elin, Maja, Freja, Sofie, Ida, Linnea, Sara, Emma, Karin, Anna, Signe, Nora, Kristin, Sigrid, Hanna, Frida, Mette, Camilla'),
    family: words(`Andersson, Johansson, Karlsson, Nilsson, Eriksson, Larsson, Olsson, Persson, Svensson, Gustafsson,
      Hansen, Johansen, Olsen, Larsen, Andersen, Pedersen, Nielsen, Kristiansen, Jensen, Christensen, Berg, Haugen,
      Lindqvist, Lindberg, Bergström, Sørensen, Rasmussen, Holm, Dahl, Lund`),
  },
  polish: {
    male: words('Jakub, Jan, Szymon, Antoni, Filip, Kacper, Piotr, Krzysztof, Andrzej, Tomasz, Paweł, Marcin, Michał, Łukasz, Grzegorz, Adam, Marek, Wojciech, Mateusz, Bartosz'),
    female: words('Zuzanna, Julia, Maja, Zofia, Hanna, Lena, Alicja, Anna, Katarzyna, Małgorzata, Agnieszka, Magdalena, Joanna, Ewa, Monika, Barbara, Aleksandra, Natalia, Karolina, Marta'),
    family: words(`Nowak, Kowalski, Wiśniewski, Wójcik, Kowalczyk, Kamiński, Lewandowski, Zieliński, Szymański,
      Woźniak, Dąbrowski, Kozłowski, Jankowski, Mazur, Kwiatkowski, Krawczyk, Piotrowski, Grabowski, Nowakowski,
      Pawłowski, Michalski, Nowicki, Adamczyk, Dudek, Zając, Wieczorek, Jabłoński, Król, Majewski, Olszewski`),
  },
  indian: {
    male: words('Aarav, Vihaan, Arjun, Aditya, Rohan, Rahul, Amit, Vikram, Sanjay, Rajesh, Suresh, Anil, Karan, Nikhil, Siddharth, Pranav, Ishaan, Kabir, Deepak, Manoj'),
    female: words('Aanya, Diya, Ananya, Priya, Pooja, Neha, Sneha, Kavya, Riya, Isha, Shreya, Anjali, Sunita, Lakshmi, Meera, Divya, Nisha, Swati, Aditi, Radhika'),
    family: words(`Sharma, Verma, Gupta, Singh, Kumar, Patel, Shah, Mehta, Reddy, Rao, Iyer, Nair, Menon, Pillai,
      Chopra, Malhotra, Kapoor, Joshi, Desai, Bhat, Agarwal, Banerjee, Chatterjee, Mukherjee, Das, Ghosh, Jain,
      Kulkarni, Naidu, Saxena`),
  },
  japanese: {
    male: words('Haruto, Yuto, Sota, Hiroshi, Takashi, Kenji, Daiki, Kaito, Ren, Sho, Ryo, Taro, Kazuki, Naoki, Satoshi, Makoto, Akira, Koji, Tatsuya, Yusuke'),
    female: words('Yui, Aoi, Hina, Sakura, Yuna, Mei, Rin, Haruka, Yuka, Aiko, Emi, Keiko, Naoko, Tomoko, Yoko, Mai, Ayaka, Misaki, Nanami, Kaori'),
    family: words(`Sato, Suzuki, Takahashi, Tanaka, Watanabe, Ito, Yamamoto, Nakamura, Kobayashi, Kato, Yoshida,
      Yamada, Sasaki, Yamaguchi, Matsumoto, Inoue, Kimura, Hayashi, Shimizu, Yamazaki, Mori, Abe, Ikeda, Hashimoto,
      Ishikawa, Ogawa, Fujita, Okada, Goto, Hasegawa`),
  },
  chinese: {
    male: words('Wei Ming, Jun Jie, Zhi Hao, Kai Wen, Jia Le, Jian Hong, Wen Jie, Yong Sheng, Ethan, Ryan, Marcus, Darren, Kelvin, Jason, Benjamin, Aaron, Jonathan, Terence, Desmond, Shawn'),
    female: words('Hui Min, Xin Yi, Jia Hui, Li Ting, Shu Fen, Mei Ling, Yi Xuan, Wen Qi, Hui Ling, Xiu Ying, Rachel, Michelle, Jasmine, Cheryl, Vanessa, Charmaine, Felicia, Joanne, Serene, Audrey'),
    family: words(`Tan, Lim, Lee, Ng, Ong, Wong, Goh, Chua, Chan, Koh, Teo, Ang, Yeo, Tay, Ho, Low, Toh, Sim, Chong,
      Chia, Seah, Foo, Leong, Quek, Lau, Phua, Heng, Kwek, Soh, Loh`),
  },
};

/** Polish family names ending in -ski, -cki, -dzki take -ska, -cka, -dzka for women. */
export function femaleFamilyName(culture: Culture, name: string): string {
  return culture === 'polish' ? name.replace(/([sc]|dz)ki$/, '$1ka') : name;
}

const SPECIAL: Readonly<Record<string, string>> = { ß: 'ss', ø: 'o', æ: 'ae', œ: 'oe', ł: 'l', đ: 'd', þ: 'th' };

/** A name as it appears in an email address: lower-case ASCII letters only ("Müller" -> "muller"). */
export function asciiSlug(name: string): string {
  return name.toLowerCase().replace(/[ßøæœłđþ]/g, (c) => SPECIAL[c] ?? c)
    .normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^a-z]/g, '');
}
