import { IconFingerprint, IconForms, IconKey, IconRadar, IconTag, IconUsers, IconWindow } from '@tabler/icons-react';
import { lazy } from 'react';
import type { SettingsSection } from '../../app/registry';

/** The settings pages, in menu order. A later feature adds its own (tracking, forms, ...) here. */
export const settingsSections: SettingsSection[] = [
  { path: 'fields', label: 'Fields', description: 'Contact fields, custom fields and what they do', icon: IconForms, Component: lazy(() => import('./FieldsPage')) },
  { path: 'statuses', label: 'Statuses', description: 'Labels such as “VIP” or “Prospect”', icon: IconTag, Component: lazy(() => import('./StatusesPage')) },
  { path: 'identity', label: 'Identity', description: 'How contacts are matched and merged', icon: IconFingerprint, Component: lazy(() => import('./IdentityPage')) },
  { path: 'tracking', label: 'Tracking', description: 'The script for your sites, consent and who is tracked', icon: IconRadar, Component: lazy(() => import('./TrackingPage')) },
  { path: 'forms', label: 'Forms', description: 'Forms for your sites, with their embed code', icon: IconWindow, Component: lazy(() => import('./FormsPage')) },
  { path: 'users', label: 'Users', description: 'Who can sign in, and their role', icon: IconUsers, adminOnly: true, Component: lazy(() => import('./UsersPage')) },
  { path: 'tokens', label: 'API tokens', description: 'Keys for scripts and integrations', icon: IconKey, adminOnly: true, Component: lazy(() => import('./TokensPage')) },
];
