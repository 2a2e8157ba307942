import { IconAddressBook, IconSettings, type Icon } from '@tabler/icons-react';
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

/**
 * The pages of the signed-in app. A later feature (segments, companies, imports, ...) adds its
 * pages here, its menu entry to `navigation`, and its settings page to `settingsSections`;
 * the frame, the router and the settings menu pick them up.
 */
export interface PageRoute {
  /** A react-router path under `/`, e.g. `contacts/:id`. */
  readonly path: string;
  readonly Component: ComponentType | LazyExoticComponent<ComponentType>;
}

export interface NavEntry {
  readonly label: string;
  readonly to: string;
  readonly icon: Icon;
  readonly adminOnly?: boolean;
}

export interface SettingsSection {
  /** Under /settings/. */
  readonly path: string;
  readonly label: string;
  readonly description: string;
  readonly icon: Icon;
  readonly adminOnly?: boolean;
  readonly Component: ComponentType | LazyExoticComponent<ComponentType>;
}

const ContactsList = lazy(() => import('../pages/contacts/ContactsList'));
const ContactCreate = lazy(() => import('../pages/contacts/ContactEditor').then((m) => ({ default: m.ContactCreate })));
const ContactEdit = lazy(() => import('../pages/contacts/ContactEditor').then((m) => ({ default: m.ContactEdit })));
const ContactProfile = lazy(() => import('../pages/contact/ContactProfile'));
const ImportWizard = lazy(() => import('../pages/imports/ImportWizard'));

export const pages: PageRoute[] = [
  { path: 'contacts', Component: ContactsList },
  { path: 'contacts/new', Component: ContactCreate },
  { path: 'contacts/import', Component: ImportWizard },
  { path: 'contacts/:id', Component: ContactProfile },
  { path: 'contacts/:id/edit', Component: ContactEdit },
];

export const navigation: NavEntry[] = [
  { label: 'Contacts', to: '/contacts', icon: IconAddressBook },
  { label: 'Settings', to: '/settings', icon: IconSettings },
];

export { settingsSections } from '../pages/settings/sections';
