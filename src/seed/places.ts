import type { Culture } from './names.js';

/**
 * Templates: `#` is a random digit, `@` a random capital letter; `|` separates alternatives.
 * In phone templates `{area}` is the city's area code.
 */
export interface City {
  readonly name: string;
  readonly state: string | null;
  /** Relative share of contacts living there. */
  readonly weight: number;
  /** IANA names, preferred first; the first one this runtime knows is used (see zone()). */
  readonly timezone: readonly string[];
  /** Language part of preferred_locale; the region part is the country code. */
  readonly language: string;
  readonly culture: Culture;
  readonly zip: string;
  readonly phone: string;
  readonly area?: string;
  /** Overrides the country's mobile template. */
  readonly mobile?: string;
}

export interface Country {
  /** ISO 3166-1 alpha-2; the stored value is its English name (src/fields/countries.ts). */
  readonly code: string;
  readonly mobile: string;
  readonly cities: readonly City[];
}

type CityInput = [name: string, state: string | null, weight: number, zip: string, phone: string, extra?: Partial<City>];

function country(code: string, defaults: Pick<City, 'timezone' | 'language' | 'culture'>, mobile: string, cities: CityInput[]): Country {
  return {
    code,
    mobile,
    cities: cities.map(([name, state, weight, zip, phone, extra]) => ({ name, state, weight, zip, phone, ...defaults, ...extra })),
  };
}

const tz = (...names: string[]) => ({ timezone: names });
const en = { language: 'en', culture: 'english' } as const;

export const COUNTRIES: readonly Country[] = [
  country('US', { ...tz('America/New_York'), ...en }, '+1 ({area}) ###-####', [
    ['New York', 'New York', 14, '100##|101##|112##', '+1 ({area}) ###-####', { area: '212' }],
    ['Los Angeles', 'California', 8, '900##|913##', '+1 ({area}) ###-####', { area: '213', ...tz('America/Los_Angeles') }],
    ['Chicago', 'Illinois', 6, '606##', '+1 ({area}) ###-####', { area: '312', ...tz('America/Chicago') }],
    ['Houston', 'Texas', 4, '770##', '+1 ({area}) ###-####', { area: '713', ...tz('America/Chicago') }],
    ['San Francisco', 'California', 5, '941##', '+1 ({area}) ###-####', { area: '415', ...tz('America/Los_Angeles') }],
    ['Seattle', 'Washington', 4, '981##', '+1 ({area}) ###-####', { area: '206', ...tz('America/Los_Angeles') }],
    ['Boston', 'Massachusetts', 4, '021##', '+1 ({area}) ###-####', { area: '617' }],
    ['Austin', 'Texas', 3, '787##', '+1 ({area}) ###-####', { area: '512', ...tz('America/Chicago') }],
    ['Miami', 'Florida', 3, '331##', '+1 ({area}) ###-####', { area: '305' }],
    ['Denver', 'Colorado', 3, '802##', '+1 ({area}) ###-####', { area: '303', ...tz('America/Denver') }],
    ['Phoenix', 'Arizona', 3, '850##', '+1 ({area}) ###-####', { area: '602', ...tz('America/Phoenix') }],
  ]),
  country('CA', { ...tz('America/Toronto'), ...en }, '+1 ({area}) ###-####', [
    ['Toronto', 'Ontario', 5, 'M#@ #@#', '+1 ({area}) ###-####', { area: '416' }],
    ['Montreal', 'Quebec', 3, 'H#@ #@#', '+1 ({area}) ###-####', { area: '514', language: 'fr', culture: 'french' }],
    ['Vancouver', 'British Columbia', 3, 'V#@ #@#', '+1 ({area}) ###-####', { area: '604', ...tz('America/Vancouver') }],
    ['Calgary', 'Alberta', 2, 'T#@ #@#', '+1 ({area}) ###-####', { area: '403', ...tz('America/Edmonton') }],
    ['Ottawa', 'Ontario', 2, 'K#@ #@#', '+1 ({area}) ###-####', { area: '613' }],
  ]),
  country('GB', { ...tz('Europe/London'), ...en }, '+44 7### ######', [
    ['London', 'England', 14, 'EC# #@@|SW# #@@|SE# #@@|N# #@@|E# #@@|W# #@@', '+44 20 #### ####'],
    ['Manchester', 'England', 4, 'M# #@@|M## #@@', '+44 161 ### ####'],
    ['Birmingham', 'England', 4, 'B# #@@|B## #@@', '+44 121 ### ####'],
    ['Leeds', 'England', 2, 'LS# #@@', '+44 113 ### ####'],
    ['Bristol', 'England', 2, 'BS# #@@', '+44 117 ### ####'],
    ['Edinburgh', 'Scotland', 3, 'EH# #@@', '+44 131 ### ####'],
    ['Glasgow', 'Scotland', 2, 'G# #@@|G## #@@', '+44 141 ### ####'],
    ['Cardiff', 'Wales', 2, 'CF## #@@', '+44 29 #### ####'],
  ]),
  country('IE', { ...tz('Europe/Dublin'), ...en }, '+353 8# ### ####', [
    ['Dublin', 'County Dublin', 4, 'D0# @#@#|D1# @#@#', '+353 1 ### ####'],
    ['Cork', 'County Cork', 2, 'T12 @#@#', '+353 21 ### ####'],
    ['Galway', 'County Galway', 1, 'H91 @#@#', '+353 91 ### ###'],
  ]),
  country('DE', { ...tz('Europe/Berlin'), language: 'de', culture: 'german' }, '+49 15# ########|+49 17# ########', [
    ['Berlin', 'Berlin', 8, '10###|12###|13###', '+49 30 ########'],
    ['Munich', 'Bavaria', 6, '80###|81###', '+49 89 ########'],
    ['Hamburg', 'Hamburg', 5, '20###|22###', '+49 40 ########'],
    ['Cologne', 'North Rhine-Westphalia', 4, '50###|51###', '+49 221 #######'],
    ['Frankfurt am Main', 'Hesse', 4, '60###', '+49 69 ########'],
    ['Stuttgart', 'Baden-Württemberg', 3, '70###', '+49 711 #######'],
    ['Düsseldorf', 'North Rhine-Westphalia', 3, '40###', '+49 211 #######'],
    ['Leipzig', 'Saxony', 2, '04###', '+49 341 #######'],
  ]),
  country('AT', { ...tz('Europe/Vienna'), language: 'de', culture: 'german' }, '+43 6## #######', [
    ['Vienna', 'Vienna', 5, '1##0', '+43 1 #######'],
    ['Graz', 'Styria', 2, '80##', '+43 316 ######'],
    ['Salzburg', 'Salzburg', 1, '50##', '+43 662 ######'],
    ['Linz', 'Upper Austria', 1, '40##', '+43 732 ######'],
  ]),
  country('CH', { ...tz('Europe/Zurich'), language: 'de', culture: 'german' }, '+41 7# ### ## ##', [
    ['Zurich', 'Zurich', 4, '80##', '+41 44 ### ## ##'],
    ['Geneva', 'Geneva', 3, '12##', '+41 22 ### ## ##', { language: 'fr', culture: 'french' }],
    ['Basel', 'Basel-Stadt', 2, '40##', '+41 61 ### ## ##'],
    ['Bern', 'Bern', 2, '30##', '+41 31 ### ## ##'],
    ['Lausanne', 'Vaud', 2, '10##', '+41 21 ### ## ##', { language: 'fr', culture: 'french' }],
  ]),
  country('FR', { ...tz('Europe/Paris'), language: 'fr', culture: 'french' }, '+33 6 ## ## ## ##|+33 7 ## ## ## ##', [
    ['Paris', 'Île-de-France', 10, '7500#|7501#', '+33 1 ## ## ## ##'],
    ['Lyon', 'Auvergne-Rhône-Alpes', 4, '6900#', '+33 4 ## ## ## ##'],
    ['Marseille', "Provence-Alpes-Côte d'Azur", 3, '130##', '+33 4 ## ## ## ##'],
    ['Toulouse', 'Occitanie', 3, '310##', '+33 5 ## ## ## ##'],
    ['Bordeaux', 'Nouvelle-Aquitaine', 2, '330##', '+33 5 ## ## ## ##'],
    ['Lille', 'Hauts-de-France', 2, '590##', '+33 3 ## ## ## ##'],
    ['Nantes', 'Pays de la Loire', 2, '440##', '+33 2 ## ## ## ##'],
    ['Nice', "Provence-Alpes-Côte d'Azur", 2, '060##', '+33 4 ## ## ## ##'],
  ]),
  country('BE', { ...tz('Europe/Brussels'), language: 'nl', culture: 'dutch' }, '+32 4## ## ## ##', [
    ['Brussels', 'Brussels-Capital', 3, '1000|1050|1060|1180', '+32 2 ### ## ##', { language: 'fr', culture: 'french' }],
    ['Antwerp', 'Antwerp', 2, '2000|2018|2060', '+32 3 ### ## ##'],
    ['Ghent', 'East Flanders', 2, '9000|9050', '+32 9 ### ## ##'],
    ['Liège', 'Liège', 1, '4000|4020', '+32 4 ### ## ##', { language: 'fr', culture: 'french' }],
  ]),
  country('NL', { ...tz('Europe/Amsterdam'), language: 'nl', culture: 'dutch' }, '+31 6 ########', [
    ['Amsterdam', 'North Holland', 6, '10## @@', '+31 20 ### ####'],
    ['Rotterdam', 'South Holland', 4, '30## @@', '+31 10 ### ####'],
    ['The Hague', 'South Holland', 3, '25## @@', '+31 70 ### ####'],
    ['Utrecht', 'Utrecht', 3, '35## @@', '+31 30 ### ####'],
    ['Eindhoven', 'North Brabant', 2, '56## @@', '+31 40 ### ####'],
  ]),
  country('ES', { ...tz('Europe/Madrid'), language: 'es', culture: 'spanish' }, '+34 6## ### ###', [
    ['Madrid', 'Community of Madrid', 7, '280##', '+34 91 ### ## ##'],
    ['Barcelona', 'Catalonia', 6, '080##', '+34 93 ### ## ##'],
    ['Valencia', 'Valencian Community', 3, '460##', '+34 96 ### ## ##'],
    ['Seville', 'Andalusia', 2, '410##', '+34 95 ### ## ##'],
    ['Bilbao', 'Basque Country', 2, '480##', '+34 94 ### ## ##'],
  ]),
  country('PT', { ...tz('Europe/Lisbon'), language: 'pt', culture: 'portuguese' }, '+351 9# ### ####', [
    ['Lisbon', 'Lisbon', 4, '1###-###', '+351 21 ### ####'],
    ['Porto', 'Porto', 3, '4###-###', '+351 22 ### ####'],
  ]),
  country('IT', { ...tz('Europe/Rome'), language: 'it', culture: 'italian' }, '+39 3## ### ####', [
    ['Rome', 'Lazio', 6, '001##', '+39 06 #### ####'],
    ['Milan', 'Lombardy', 7, '201##', '+39 02 #### ####'],
    ['Naples', 'Campania', 3, '801##', '+39 081 ### ####'],
    ['Turin', 'Piedmont', 3, '101##', '+39 011 ### ####'],
    ['Florence', 'Tuscany', 2, '501##', '+39 055 ### ####'],
    ['Bologna', 'Emilia-Romagna', 2, '401##', '+39 051 ### ####'],
  ]),
  country('SE', { ...tz('Europe/Stockholm'), language: 'sv', culture: 'nordic' }, '+46 7# ### ## ##', [
    ['Stockholm', 'Stockholm County', 5, '11# ##', '+46 8 ### ### ##'],
    ['Gothenburg', 'Västra Götaland', 3, '41# ##', '+46 31 ### ## ##'],
    ['Malmö', 'Skåne', 2, '21# ##', '+46 40 ### ## ##'],
    ['Uppsala', 'Uppsala County', 1, '75# ##', '+46 18 ### ## ##'],
  ]),
  country('NO', { ...tz('Europe/Oslo'), language: 'nb', culture: 'nordic' }, '+47 4# ## ## ##|+47 9# ## ## ##', [
    ['Oslo', 'Oslo', 4, '0###', '+47 2# ## ## ##'],
    ['Bergen', 'Vestland', 2, '50##', '+47 5# ## ## ##'],
    ['Trondheim', 'Trøndelag', 1, '70##', '+47 7# ## ## ##'],
  ]),
  country('DK', { ...tz('Europe/Copenhagen'), language: 'da', culture: 'nordic' }, '+45 2# ## ## ##|+45 3# ## ## ##', [
    ['Copenhagen', 'Capital Region', 4, '1###|2###', '+45 3# ## ## ##'],
    ['Aarhus', 'Central Denmark', 2, '80##', '+45 8# ## ## ##'],
    ['Odense', 'Southern Denmark', 1, '50##', '+45 6# ## ## ##'],
  ]),
  country('PL', { ...tz('Europe/Warsaw'), language: 'pl', culture: 'polish' }, '+48 5## ### ###|+48 6## ### ###', [
    ['Warsaw', 'Masovian', 5, '00-###|01-###|02-###', '+48 22 ### ## ##'],
    ['Kraków', 'Lesser Poland', 3, '30-###|31-###', '+48 12 ### ## ##'],
    ['Wrocław', 'Lower Silesian', 2, '50-###|51-###|53-###', '+48 71 ### ## ##'],
    ['Gdańsk', 'Pomeranian', 2, '80-###', '+48 58 ### ## ##'],
    ['Poznań', 'Greater Poland', 2, '60-###|61-###', '+48 61 ### ## ##'],
  ]),
  country('BR', { ...tz('America/Sao_Paulo'), language: 'pt', culture: 'portuguese' }, '+55 {area} 9####-####', [
    ['São Paulo', 'São Paulo', 8, '0####-###', '+55 {area} ####-####', { area: '11' }],
    ['Rio de Janeiro', 'Rio de Janeiro', 5, '2####-###', '+55 {area} ####-####', { area: '21' }],
    ['Belo Horizonte', 'Minas Gerais', 2, '3####-###', '+55 {area} ####-####', { area: '31' }],
    ['Brasília', 'Federal District', 2, '7####-###', '+55 {area} ####-####', { area: '61' }],
    ['Curitiba', 'Paraná', 2, '8####-###', '+55 {area} ####-####', { area: '41' }],
    ['Porto Alegre', 'Rio Grande do Sul', 2, '9####-###', '+55 {area} ####-####', { area: '51' }],
  ]),
  country('MX', { ...tz('America/Mexico_City'), language: 'es', culture: 'spanish' }, '+52 {area} #### ####', [
    ['Mexico City', 'Mexico City', 6, '0####|1####', '+52 {area} #### ####', { area: '55' }],
    ['Guadalajara', 'Jalisco', 3, '44###', '+52 {area} #### ####', { area: '33' }],
    ['Monterrey', 'Nuevo León', 3, '64###', '+52 {area} #### ####', { area: '81', ...tz('America/Monterrey') }],
  ]),
  country('AR', { ...tz('America/Argentina/Buenos_Aires', 'America/Buenos_Aires'), language: 'es', culture: 'spanish' }, '+54 9 11 ####-####', [
    ['Buenos Aires', 'Buenos Aires', 5, 'C1###@@@', '+54 11 ####-####'],
    ['Córdoba', 'Córdoba', 2, 'X5000@@@', '+54 351 ###-####', { mobile: '+54 9 351 ###-####', ...tz('America/Argentina/Cordoba', 'America/Cordoba') }],
    ['Rosario', 'Santa Fe', 2, 'S2000@@@', '+54 341 ###-####', { mobile: '+54 9 341 ###-####', ...tz('America/Argentina/Cordoba', 'America/Cordoba') }],
  ]),
  country('AU', { ...tz('Australia/Sydney'), ...en }, '+61 4## ### ###', [
    ['Sydney', 'New South Wales', 6, '20##', '+61 2 #### ####'],
    ['Melbourne', 'Victoria', 5, '30##', '+61 3 #### ####', tz('Australia/Melbourne')],
    ['Brisbane', 'Queensland', 3, '40##', '+61 7 #### ####', tz('Australia/Brisbane')],
    ['Perth', 'Western Australia', 2, '60##', '+61 8 #### ####', tz('Australia/Perth')],
    ['Adelaide', 'South Australia', 2, '50##', '+61 8 #### ####', tz('Australia/Adelaide')],
  ]),
  country('NZ', { ...tz('Pacific/Auckland'), ...en }, '+64 2# ### ####', [
    ['Auckland', 'Auckland', 3, '10##', '+64 9 ### ####'],
    ['Wellington', 'Wellington', 2, '60##', '+64 4 ### ####'],
    ['Christchurch', 'Canterbury', 1, '80##', '+64 3 ### ####'],
  ]),
  country('IN', { ...tz('Asia/Kolkata', 'Asia/Calcutta'), language: 'en', culture: 'indian' }, '+91 9#### #####|+91 8#### #####', [
    ['Mumbai', 'Maharashtra', 4, '400###', '+91 22 #### ####'],
    ['Delhi', 'Delhi', 4, '110###', '+91 11 #### ####'],
    ['Bengaluru', 'Karnataka', 5, '560###', '+91 80 #### ####'],
    ['Chennai', 'Tamil Nadu', 2, '600###', '+91 44 #### ####'],
    ['Hyderabad', 'Telangana', 3, '500###', '+91 40 #### ####'],
    ['Pune', 'Maharashtra', 2, '411###', '+91 20 #### ####'],
  ]),
  country('JP', { ...tz('Asia/Tokyo'), language: 'ja', culture: 'japanese' }, '+81 90-####-####|+81 80-####-####', [
    ['Tokyo', 'Tokyo', 8, '1##-####', '+81 3-####-####'],
    ['Osaka', 'Osaka', 4, '5##-####', '+81 6-####-####'],
    ['Yokohama', 'Kanagawa', 2, '2##-####', '+81 45-###-####'],
    ['Nagoya', 'Aichi', 2, '4##-####', '+81 52-###-####'],
    ['Fukuoka', 'Fukuoka', 1, '81#-####', '+81 92-###-####'],
    ['Sapporo', 'Hokkaido', 1, '06#-####', '+81 11-###-####'],
  ]),
  country('SG', { ...tz('Asia/Singapore'), language: 'en', culture: 'chinese' }, '+65 9### ####|+65 8### ####', [
    ['Singapore', null, 5, '######', '+65 6### ####'],
  ]),
  country('ZA', { ...tz('Africa/Johannesburg'), ...en }, '+27 8# ### ####|+27 7# ### ####', [
    ['Johannesburg', 'Gauteng', 3, '2###', '+27 11 ### ####'],
    ['Cape Town', 'Western Cape', 3, '8###|7###', '+27 21 ### ####'],
    ['Durban', 'KwaZulu-Natal', 1, '40##', '+27 31 ### ####'],
  ]),
];

/** Where the house number goes: "12 High Street", "Hauptstraße 12", "Rua Augusta, 12". */
export type AddressFormat = 'number street' | 'street number' | 'street, number' | 'number, street';

export interface StreetList {
  readonly format: AddressFormat;
  readonly streets: readonly string[];
}

const list = (text: string) => text.trim().split(/\s*;\s*/);

/** Streets by the culture of the city (its main language), not of the person. */
export const STREETS: Readonly<Record<Culture, StreetList>> = {
  english: { format: 'number street', streets: list('High Street; Main Street; Park Avenue; Church Road; Station Road; Oak Lane; Maple Avenue; Elm Street; Victoria Road; King Street; Queen Street; Mill Lane; Cedar Drive; Washington Street; Lake Road') },
  german: { format: 'street number', streets: list('Hauptstraße; Bahnhofstraße; Gartenstraße; Schulstraße; Dorfstraße; Lindenstraße; Bergstraße; Kirchweg; Goethestraße; Schillerstraße; Am Markt; Ringstraße; Mozartstraße; Lessingstraße; Waldweg') },
  french: { format: 'number street', streets: list('rue de la République; rue Victor Hugo; avenue Jean Jaurès; rue de la Paix; boulevard Voltaire; rue Pasteur; rue du Moulin; place de la Mairie; rue des Écoles; avenue de la Gare; rue Nationale; boulevard Gambetta') },
  spanish: { format: 'street number', streets: list('Calle Mayor; Calle Real; Avenida de la Constitución; Calle del Sol; Paseo de la Castellana; Calle de Alcalá; Avenida Libertad; Calle San Martín; Avenida Reforma; Calle Colón; Calle Independencia; Avenida Belgrano') },
  italian: { format: 'street, number', streets: list('Via Roma; Via Garibaldi; Via Mazzini; Corso Vittorio Emanuele II; Via Dante; Piazza della Repubblica; Via Verdi; Via Cavour; Via Marconi; Corso Italia; Via XX Settembre; Via Manzoni') },
  portuguese: { format: 'street, number', streets: list('Rua Augusta; Avenida da Liberdade; Rua das Flores; Avenida Paulista; Rua da Consolação; Rua Sete de Setembro; Rua Direita; Avenida Atlântica; Rua XV de Novembro; Rua do Comércio; Avenida Brasil; Rua da Prata') },
  dutch: { format: 'street number', streets: list('Kerkstraat; Dorpsstraat; Molenweg; Stationsweg; Nieuwstraat; Schoolstraat; Julianastraat; Beatrixlaan; Marktplein; Prinsengracht; Keizersgracht; Lindelaan') },
  nordic: { format: 'street number', streets: list('Storgatan; Kungsgatan; Drottninggatan; Karl Johans gate; Vestergade; Nørregade; Strandvägen; Bygdøy allé; Östergatan; Skolegata; Kirkegata; Torggata') },
  polish: { format: 'street number', streets: list('ul. Marszałkowska; ul. Długa; ul. Piotrkowska; ul. Mickiewicza; ul. Kościuszki; ul. Słowackiego; ul. Polna; ul. Ogrodowa; ul. Kwiatowa; ul. Lipowa; ul. Szkolna; ul. Leśna') },
  indian: { format: 'number, street', streets: list('MG Road; Linking Road; Park Street; Brigade Road; Anna Salai; Nehru Place; Residency Road; Jubilee Hills Road No. 36; FC Road; Hill Road; Church Street; Station Road') },
  japanese: { format: 'street number', streets: list('Ginza 4-chome; Roppongi 6-chome; Jingumae 1-chome; Umeda 2-chome; Sakae 3-chome; Shibuya 2-chome; Nishi-Shinjuku 1-chome; Minatomirai 3-chome; Tenjin 2-chome; Odori Nishi 5-chome') },
  chinese: { format: 'number street', streets: list('Orchard Road; Tanjong Pagar Road; Ang Mo Kio Avenue 3; Bukit Timah Road; Serangoon Road; Clementi Avenue 2; Tampines Street 21; Jurong West Street 41; Marine Parade Road; Toa Payoh Lorong 1') },
};

/** Free-mail providers people in a city's culture use; repeats weight the common ones. */
export const FREE_MAIL: Readonly<Record<Culture, readonly string[]>> = {
  english: ['gmail.com', 'gmail.com', 'gmail.com', 'outlook.com', 'yahoo.com', 'hotmail.com', 'icloud.com', 'aol.com'],
  german: ['gmx.de', 'web.de', 't-online.de', 'gmail.com', 'gmail.com', 'outlook.de', 'posteo.de'],
  french: ['orange.fr', 'free.fr', 'laposte.net', 'gmail.com', 'gmail.com', 'sfr.fr', 'hotmail.fr'],
  spanish: ['gmail.com', 'gmail.com', 'hotmail.com', 'yahoo.es', 'outlook.es', 'telefonica.net'],
  italian: ['libero.it', 'virgilio.it', 'gmail.com', 'gmail.com', 'alice.it', 'tiscali.it'],
  portuguese: ['gmail.com', 'gmail.com', 'sapo.pt', 'hotmail.com', 'uol.com.br', 'bol.com.br'],
  dutch: ['gmail.com', 'gmail.com', 'ziggo.nl', 'kpnmail.nl', 'hotmail.nl', 'telenet.be'],
  nordic: ['gmail.com', 'gmail.com', 'hotmail.se', 'telia.com', 'online.no', 'live.dk'],
  polish: ['wp.pl', 'onet.pl', 'o2.pl', 'interia.pl', 'gmail.com', 'gmail.com'],
  indian: ['gmail.com', 'gmail.com', 'gmail.com', 'yahoo.co.in', 'rediffmail.com', 'outlook.com'],
  japanese: ['gmail.com', 'yahoo.co.jp', 'docomo.ne.jp', 'icloud.com', 'outlook.jp'],
  chinese: ['gmail.com', 'gmail.com', 'hotmail.com', 'yahoo.com.sg', 'singnet.com.sg'],
};
