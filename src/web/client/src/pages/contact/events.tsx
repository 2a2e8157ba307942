import {
  IconArrowsJoin, IconArrowsSplit, IconBolt, IconClick, IconFileImport, IconForms, IconMailOpened, IconUserCheck, IconUserPlus, type Icon,
} from '@tabler/icons-react';
import type { TimelineEvent } from '../../api/types';

interface EventKind {
  readonly label: string;
  readonly icon: Icon;
  readonly color: string;
  summary(data: Record<string, unknown>): string;
}

const str = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');

/** How each known event type reads on the timeline; others show their type. */
export const EVENT_KINDS: Record<string, EventKind> = {
  'page.hit': { label: 'Page visits', icon: IconClick, color: 'indigo', summary: (d) => `Visited ${str(d.title) || str(d.url) || 'a page'}` },
  'form.submitted': { label: 'Form submissions', icon: IconForms, color: 'grape', summary: (d) => `Submitted ${str(d.form_name) || str(d.form) || str(d.name) || 'a form'}` },
  'email.read': { label: 'Emails read', icon: IconMailOpened, color: 'cyan', summary: (d) => `Read ${str(d.subject) ? `“${str(d.subject)}”` : 'an email'}` },
  'contact.created': { label: 'Created', icon: IconUserPlus, color: 'teal', summary: () => 'Contact created' },
  'contact.imported': {
    label: 'Imports', icon: IconFileImport, color: 'teal',
    summary: (d) => `${d.outcome === 'inserted' ? 'Created' : 'Updated'} by importing ${str(d.file) || 'a file'}`,
  },
  'contact.identified': { label: 'Identified', icon: IconUserCheck, color: 'teal', summary: () => 'Identified' },
  'contact.merged': { label: 'Merges', icon: IconArrowsJoin, color: 'orange', summary: (d) => `Merged contact #${str(d.loser_id) || '?'} into this one` },
  'contact.unmerged': { label: 'Merges undone', icon: IconArrowsSplit, color: 'orange', summary: (d) => `Undid a merge${str(d.restored_id) ? ` (contact #${str(d.restored_id)} restored)` : ''}` },
};

export function eventKind(type: string): EventKind {
  return EVENT_KINDS[type] ?? { label: type, icon: IconBolt, color: 'gray', summary: () => type };
}

export function eventSummary(event: TimelineEvent): string {
  return eventKind(event.type).summary(event.data ?? {});
}

/** The details most worth reading first. */
export const LEADING_KEYS = ['url', 'title', 'referrer', 'utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content'];
