import type { FieldOption } from '../db/schema.js';
import { asciiSlug } from './names.js';
import { createRandom } from './random.js';

interface Industry extends FieldOption {
  /** Words that end a company name in this industry ("Northwind Logistics"). */
  readonly words: readonly string[];
  readonly tlds: readonly string[];
}

/** The options of the `industry` custom field; a company's industry follows from its name. */
export const INDUSTRIES: readonly Industry[] = [
  { value: 'software', label: 'Software', words: ['Software', 'Labs', 'Systems', 'Digital', 'Cloud'], tlds: ['io', 'com', 'dev'] },
  { value: 'consulting', label: 'Consulting', words: ['Consulting', 'Partners', 'Advisory', 'Group'], tlds: ['com', 'co'] },
  { value: 'finance', label: 'Financial services', words: ['Capital', 'Financial', 'Investments', 'Insurance'], tlds: ['com'] },
  { value: 'healthcare', label: 'Healthcare', words: ['Health', 'Medical', 'Clinics', 'Pharma'], tlds: ['com', 'org'] },
  { value: 'manufacturing', label: 'Manufacturing', words: ['Manufacturing', 'Industries', 'Works', 'Engineering'], tlds: ['com'] },
  { value: 'retail', label: 'Retail', words: ['Retail', 'Stores', 'Market', 'Outfitters'], tlds: ['com', 'shop'] },
  { value: 'logistics', label: 'Logistics', words: ['Logistics', 'Freight', 'Shipping'], tlds: ['com'] },
  { value: 'education', label: 'Education', words: ['Academy', 'Learning', 'Institute'], tlds: ['org', 'com', 'edu'] },
  { value: 'media', label: 'Media and publishing', words: ['Media', 'Studios', 'Publishing'], tlds: ['com', 'tv'] },
  { value: 'energy', label: 'Energy', words: ['Energy', 'Power', 'Solar'], tlds: ['com', 'energy'] },
  { value: 'real_estate', label: 'Real estate', words: ['Properties', 'Realty', 'Estates'], tlds: ['com'] },
  { value: 'hospitality', label: 'Hospitality and travel', words: ['Hotels', 'Hospitality', 'Travel'], tlds: ['com', 'travel'] },
  { value: 'telecom', label: 'Telecommunications', words: ['Networks', 'Telecom', 'Communications'], tlds: ['com', 'net'] },
  { value: 'legal', label: 'Legal services', words: ['Legal', 'Law'], tlds: ['com', 'law'] },
];

const STEMS = (`Acme, Apex, Blue Harbor, Brightline, Cedar, Cobalt, Crescent, Evergreen, Falcon, Granite, Harbor,
  Horizon, Ironwood, Juniper, Keystone, Lakeside, Lighthouse, Maple, Meridian, Northwind, Nova, Oakridge, Orion,
  Pinnacle, Quantum, Redwood, Riverside, Sapphire, Silverline, Summit, Sunrise, Tidewater, Trident, Vertex,
  Westbrook, Willow, Zenith, Alder, Beacon, Birch, Bluebird, Cascade, Clearwater, Copper, Driftwood, Everest,
  Fjord, Foxglove, Glacier, Hawthorn, Ivory, Kestrel, Lumen, Mistral, Nimbus, Opal, Polaris, Quarry, Rosewood,
  Sequoia, Starling, Thistle, Vanguard, Wren, Atlas, Bramble`).split(/\s*,\s*/);

export interface Company {
  readonly name: string;
  /** Its website's host, also the domain of its employees' email addresses. */
  readonly domain: string;
  /** An INDUSTRIES value. */
  readonly industry: string;
}

/** Stems paired with industry words: the same list on every run. */
export function buildCompanies(count = 320): Company[] {
  const random = createRandom(20240601);
  const companies: Company[] = [];
  const names = new Set<string>();
  for (let attempt = 0; companies.length < count && attempt < count * 20; attempt++) {
    const stem = STEMS[attempt % STEMS.length];
    const industry = INDUSTRIES[random.int(INDUSTRIES.length)];
    const word = industry.words[random.int(industry.words.length)];
    const name = `${stem} ${word}`;
    if (names.has(name)) continue;
    names.add(name);
    const host = random.next() < 0.5 ? asciiSlug(stem) : `${asciiSlug(stem)}${asciiSlug(word)}`;
    companies.push({ name, domain: `${host}.${industry.tlds[random.int(industry.tlds.length)]}`, industry: industry.value });
  }
  // Two companies with one stem may draw the same host; the second gets the long form.
  const hosts = new Set<string>();
  return companies.map((company) => {
    let domain = company.domain;
    if (hosts.has(domain)) domain = `${asciiSlug(company.name)}.com`;
    hosts.add(domain);
    return { ...company, domain };
  });
}

export const JOB_TITLES = (`Chief Executive Officer; Chief Technology Officer; Chief Financial Officer; Founder; Co-Founder;
  Managing Director; VP of Sales; VP of Engineering; Head of Marketing; Marketing Manager; Marketing Specialist;
  Content Strategist; SEO Specialist; Communications Manager; Sales Director; Account Executive; Account Manager;
  Business Development Manager; Sales Associate; Customer Success Manager; Support Specialist; Product Manager;
  Project Manager; Program Manager; Operations Manager; Office Manager; Executive Assistant; HR Manager; Recruiter;
  Financial Analyst; Accountant; Controller; Procurement Manager; Buyer; Logistics Coordinator; Software Engineer;
  Senior Software Engineer; DevOps Engineer; QA Engineer; Data Analyst; Data Scientist; IT Administrator;
  Systems Engineer; UX Designer; Graphic Designer; Consultant; Senior Consultant; Partner; Legal Counsel; Paralegal;
  Architect; Civil Engineer; Electrical Engineer; Mechanical Engineer; Plant Manager; Quality Manager; Store Manager;
  Event Manager; Editor; Journalist; Researcher; Teacher; Nurse; Physician; Pharmacist`).split(/\s*;\s*/);
