/** The demo company's own website, where the seeded visitors browse and fill in forms. */
export const DEMO_SITE = 'https://www.northwind-demo.com';

export interface Page {
  readonly path: string;
  readonly title: string;
}

const page = (path: string, title: string): Page => ({ path, title });

/** Earlier pages are visited more often (see events.ts). */
export const PAGES: readonly Page[] = [
  page('/', 'Northwind - Inventory software for growing teams'),
  page('/pricing', 'Pricing - Northwind'),
  page('/features', 'Features - Northwind'),
  page('/blog', 'Blog - Northwind'),
  page('/features/reporting', 'Reporting and dashboards - Northwind'),
  page('/features/integrations', 'Integrations - Northwind'),
  page('/blog/10-tips-for-better-stock-control', '10 tips for better stock control'),
  page('/blog/how-to-forecast-demand', 'How to forecast demand without a data team'),
  page('/blog/year-in-review', 'Our year in review'),
  page('/customers', 'Customer stories - Northwind'),
  page('/customers/blue-harbor', 'How Blue Harbor cut stock-outs by 40%'),
  page('/about', 'About us - Northwind'),
  page('/careers', 'Careers - Northwind'),
  page('/contact', 'Contact us - Northwind'),
  page('/demo', 'Book a demo - Northwind'),
  page('/signup', 'Start your free trial - Northwind'),
  page('/docs/getting-started', 'Getting started - Northwind Docs'),
  page('/docs/api', 'API reference - Northwind Docs'),
  page('/webinars/spring-launch', 'Webinar: what is new this spring'),
  page('/resources/inventory-guide', 'The complete inventory management guide'),
  page('/legal/privacy', 'Privacy policy - Northwind'),
];

/** Where visitors come from; null is a direct visit (typed address, bookmark). */
export const REFERRERS: readonly (string | null)[] = [
  null, null, null, null,
  'https://www.google.com/', 'https://www.google.com/', 'https://www.google.com/', 'https://www.bing.com/',
  'https://duckduckgo.com/', 'https://www.linkedin.com/', 'https://t.co/', 'https://www.facebook.com/',
  'https://news.ycombinator.com/', 'https://www.reddit.com/', `${DEMO_SITE}/`, `${DEMO_SITE}/blog`,
];

export interface Form {
  readonly id: number;
  readonly name: string;
  readonly path: string;
}

export const FORMS: readonly Form[] = [
  { id: 1, name: 'Newsletter signup', path: '/blog' },
  { id: 2, name: 'Contact us', path: '/contact' },
  { id: 3, name: 'Demo request', path: '/demo' },
  { id: 4, name: 'Free trial signup', path: '/signup' },
  { id: 5, name: 'Webinar registration', path: '/webinars/spring-launch' },
  { id: 6, name: 'Guide download', path: '/resources/inventory-guide' },
];

export interface Email {
  readonly id: number;
  readonly subject: string;
}

export const EMAILS: readonly Email[] = [
  { id: 1, subject: 'Welcome to Northwind' },
  { id: 2, subject: 'Your trial ends in 3 days' },
  { id: 3, subject: 'Your monthly product update' },
  { id: 4, subject: '10 tips for better stock control' },
  { id: 5, subject: 'You are invited: what is new this spring' },
  { id: 6, subject: 'Your guide is ready to download' },
  { id: 7, subject: 'Customer story: Blue Harbor' },
  { id: 8, subject: 'We miss you - here is what changed' },
  { id: 9, subject: 'Thanks for your feedback' },
  { id: 10, subject: 'Our year in review' },
];
