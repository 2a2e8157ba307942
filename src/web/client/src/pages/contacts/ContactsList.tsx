import {
  Anchor, Box, Button, Checkbox, Group, Pagination, Paper, Popover, ScrollArea, Select, Stack, Table, Text, Tooltip, UnstyledButton,
} from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import {
  IconAddressBook, IconArrowDown, IconArrowUp, IconArrowsSort, IconBolt, IconColumns3, IconFileExport, IconFileImport, IconPlus, IconSearchOff,
} from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, errorMessage } from '../../api/client';
import type { Contact, ContactList, IpAddress } from '../../api/types';
import { useReference } from '../../app/reference';
import { ContactAvatar } from '../../components/ContactAvatar';
import { PageHeader } from '../../components/PageHeader';
import { Empty, ErrorState, LoadingRows } from '../../components/states';
import { contactLocation, contactName, formatNumber, plural } from '../../lib/format';
import { errorPosition, isQueryError } from '../../lib/contactSearch';
import { useResource } from '../../lib/useResource';
import { BatchActions, type Selection } from './BatchActions';
import { ExportModal } from './ExportModal';
import { SearchBox } from './SearchBox';
import { allColumns, DEFAULT_COLUMNS, loadColumns, reverseSort, saveColumns, type Column } from './columns';
import { QuickAddModal } from './QuickAddModal';

const PAGE_SIZES = ['30', '50', '100'];
const DEFAULT_SORT = '-created_at';

function ColumnChooser({ columns, visible, onChange }: { columns: readonly Column[]; visible: readonly string[]; onChange: (keys: string[]) => void }) {
  return (
    <Popover position="bottom-end" shadow="md" width={260} trapFocus>
      <Popover.Target>
        <Button variant="default" leftSection={<IconColumns3 size={16} />}>Columns</Button>
      </Popover.Target>
      <Popover.Dropdown p={0}>
        <Group justify="space-between" px="sm" py={8} style={{ borderBottom: '1px solid var(--cb-border)' }}>
          <Text size="sm" fw={600}>Columns</Text>
          <Button size="compact-xs" variant="subtle" onClick={() => onChange(DEFAULT_COLUMNS)}>Reset</Button>
        </Group>
        <ScrollArea.Autosize mah={340} type="auto">
          <Stack gap={8} p="sm" role="group" aria-label="Visible columns">
            {columns.map((column) => (
              <Checkbox key={column.key} label={column.label} size="sm" checked={visible.includes(column.key)}
                onChange={(event) => onChange(event.currentTarget.checked
                  ? columns.filter((c) => c.key === column.key || visible.includes(c.key)).map((c) => c.key)
                  : visible.filter((k) => k !== column.key))} />
            ))}
          </Stack>
        </ScrollArea.Autosize>
      </Popover.Dropdown>
    </Popover>
  );
}

function SortHeader({ label, sort, current, onSort, align }: { label: string; sort?: string; current: string; onSort: (sort: string) => void; align?: 'right' }) {
  if (!sort) return <Table.Th>{label}</Table.Th>;
  const direction = current === sort ? 'ascending' : current === reverseSort(sort) ? 'descending' : undefined;
  const Icon = direction === 'ascending' ? IconArrowUp : direction === 'descending' ? IconArrowDown : IconArrowsSort;
  return (
    <Table.Th aria-sort={direction ?? 'none'} ta={align}>
      <UnstyledButton className="cb-sort-button" onClick={() => onSort(direction === 'ascending' ? reverseSort(sort) : sort)}
        aria-label={`Sort by ${label}${direction === 'ascending' ? ', descending' : ''}`}>
        {label}
        <Icon size={13} stroke={1.8} opacity={direction ? 1 : 0.35} />
      </UnstyledButton>
    </Table.Th>
  );
}

/** The last IP address of a visitor whose location is unknown, asked for only for those rows. */
function LastIp({ contactId }: { contactId: number }) {
  const ips = useResource((signal) => api.get<{ ips: IpAddress[] }>(`/api/v1/contacts/${contactId}/ips`, undefined, signal), [contactId]);
  const last = ips.data?.ips[0];
  if (!ips.data && !ips.error) return <>…</>;
  if (!last) return <>Location unknown</>;
  const where = [last.city, last.country].filter(Boolean).join(', ');
  return <>{where || `IP ${last.ip}`}</>;
}

/** Name and, for a nameless visitor, where they are: their location, else their IP address. */
function NameCell({ contact }: { contact: Contact }) {
  const name = contactName(contact);
  const location = contactLocation(contact);
  const subtitle = contact.anonymous ? (location || <LastIp contactId={contact.id} />) : typeof contact.position === 'string' ? contact.position : '';
  return (
    <Group gap="sm" wrap="nowrap">
      <ContactAvatar contact={contact} size={32} />
      <Box style={{ minWidth: 0 }}>
        <Link to={`/contacts/${contact.id}`} className="cb-row-link" data-testid="contact-link">{name}</Link>
        {subtitle && <Text size="xs" c="dimmed" truncate>{subtitle}</Text>}
      </Box>
    </Group>
  );
}

export default function ContactsList() {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const reference = useReference();
  // `q` is the address of older links; the search language lives in `search`.
  const search = params.get('search') ?? params.get('q') ?? '';
  const sort = params.get('sort') || DEFAULT_SORT;
  const perPage = PAGE_SIZES.includes(params.get('per') ?? '') ? Number(params.get('per')) : 30;
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  const [visibleKeys, setVisibleKeys] = useState<string[]>(loadColumns);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [allMatching, setAllMatching] = useState(false);
  const [quickAdd, setQuickAdd] = useState(false);
  const [exporting, setExporting] = useState(false);

  const columns = useMemo(() => allColumns(reference.fields), [reference.fields]);
  const visible = columns.filter((c) => visibleKeys.includes(c.key));
  // What "the columns shown" means to an export: the name, then the visible fields.
  const visibleFields = ['firstname', 'lastname', ...visible.filter((c) => reference.field(c.key)).map((c) => c.key)];

  const list = useResource(
    (signal) => api.get<ContactList>('/api/v1/contacts', { search, sort, offset: (page - 1) * perPage, limit: perPage }, signal),
    [search, sort, page, perPage],
  );
  const queryProblem = isQueryError(list.error) && !list.loading ? { message: errorMessage(list.error), position: errorPosition(list.error) } : undefined;
  const contacts = queryProblem ? [] : list.data?.contacts ?? [];
  const total = queryProblem ? 0 : list.data?.total ?? 0;

  useEffect(() => {
    setSelected(new Set());
    setAllMatching(false);
  }, [search, sort, page, perPage]);

  const clearSelection = () => {
    setSelected(new Set());
    setAllMatching(false);
  };
  const about = list.data?.total_exact === false ? 'about ' : '';
  const selection: Selection = { ids: selected, allMatching, total, totalExact: !about, search };

  const update = (changes: Record<string, string | undefined>, replace = false) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined || value === '') next.delete(key);
      else next.set(key, value);
    }
    setParams(next, { replace });
  };

  const setColumns = (keys: string[]) => {
    setVisibleKeys(keys);
    saveColumns(keys);
  };

  useHotkeys([['shift+N', () => navigate('/contacts/new')], ['shift+A', () => setQuickAdd(true)]]);

  const pageIds = contacts.map((c) => c.id);
  const allOnPage = pageIds.length > 0 && pageIds.every((id) => selected.has(id));
  const someOnPage = pageIds.some((id) => selected.has(id));

  const toggle = (id: number) => {
    setAllMatching(false);
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  };

  const pages = Math.max(1, Math.ceil(total / perPage));
  const first = total === 0 ? 0 : (page - 1) * perPage + 1;
  const last = Math.min(total, page * perPage);

  return (
    <>
      <PageHeader
        title="Contacts"
        description={list.data && !queryProblem ? `${about ? 'About ' : ''}${plural(total, 'contact')}${search ? ` matching “${search}”` : ''}` : 'Everyone who visited, signed up or was added'}
        actions={(
          <>
            <Button variant="default" component={Link} to="/contacts/import" leftSection={<IconFileImport size={16} />}>Import</Button>
            <Button variant="default" leftSection={<IconFileExport size={16} />} onClick={() => setExporting(true)} disabled={!list.data || !!queryProblem || total === 0}>Export</Button>
            <Button variant="default" leftSection={<IconBolt size={16} />} onClick={() => setQuickAdd(true)}>Quick add</Button>
            <Button component={Link} to="/contacts/new" leftSection={<IconPlus size={16} />}>New contact</Button>
          </>
        )}
      />

      <Group justify="space-between" mb="sm" gap="sm">
        <SearchBox value={search} problem={queryProblem} onChange={(next) => update({ search: next.trim() || undefined, q: undefined, page: undefined }, true)} />
        <Group gap="xs">
          {(selected.size > 0 || allMatching) && (
            <Group gap="xs" data-testid="selection-bar">
              <Text size="sm" fw={500}>{allMatching ? `All ${about}${formatNumber(total)} matching selected` : `${formatNumber(selected.size)} selected`}</Text>
              {allOnPage && !allMatching && total > pageIds.length && (
                <Anchor component="button" type="button" size="sm" onClick={() => setAllMatching(true)}>Select all {about}{formatNumber(total)} matching</Anchor>
              )}
              <Button variant="subtle" color="gray" size="xs" onClick={clearSelection}>Clear</Button>
              <BatchActions selection={selection} visibleFields={visibleFields} onDone={() => { clearSelection(); list.reload(); }} />
            </Group>
          )}
          <ColumnChooser columns={columns} visible={visibleKeys} onChange={setColumns} />
        </Group>
      </Group>

      {queryProblem ? (
        <Empty icon={<IconSearchOff />} title="This search cannot be read" description="Fix the part marked under the search box, or open the search help (?) for the commands." />
      ) : list.error && !list.loading ? (
        <ErrorState error={list.error} onRetry={list.reload} title="The contacts could not be loaded" />
      ) : !list.data ? (
        <LoadingRows rows={8} />
      ) : total === 0 ? (
        search ? (
          <Empty icon={<IconSearchOff />} title="No contacts match" description={`Nothing matches “${search}”. Try fewer words, or part of a name, an email or a company.`}>
            <Button variant="light" onClick={() => update({ search: undefined, q: undefined, page: undefined })}>Clear search</Button>
          </Empty>
        ) : (
          <Empty icon={<IconAddressBook />} title="No contacts yet" description="Contacts appear here as visitors come to your site, fill in forms or are added by hand.">
            <Button variant="default" onClick={() => setQuickAdd(true)}>Quick add</Button>
            <Button component={Link} to="/contacts/new">New contact</Button>
          </Empty>
        )
      ) : contacts.length === 0 ? (
        <Empty icon={<IconAddressBook />} title="This page is empty" description={`There are ${plural(total, 'contact')}, but not this many pages.`}>
          <Button variant="light" onClick={() => update({ page: undefined })}>Go to the first page</Button>
        </Empty>
      ) : (
        <Paper className="cb-table" style={{ opacity: list.loading ? 0.6 : 1, transition: 'opacity 120ms' }} aria-busy={list.loading}>
          <Table.ScrollContainer minWidth={720}>
            <Table highlightOnHover={false} data-testid="contacts-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={40}>
                    <Checkbox aria-label="Select all contacts on this page" checked={allOnPage} indeterminate={someOnPage && !allOnPage}
                      onChange={() => { setAllMatching(false); setSelected(allOnPage ? new Set() : new Set(pageIds)); }} />
                  </Table.Th>
                  <SortHeader label="Name" sort="lastname,firstname" current={sort} onSort={(s) => update({ sort: s, page: undefined })} />
                  {visible.map((column) => (
                    <SortHeader key={column.key} label={column.label} sort={column.sort} current={sort} align={column.align}
                      onSort={(s) => update({ sort: s, page: undefined })} />
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {contacts.map((contact) => (
                  <Table.Tr key={contact.id} data-selected={selected.has(contact.id)} data-testid="contact-row">
                    <Table.Td>
                      <Checkbox aria-label={`Select ${contactName(contact)}`} checked={selected.has(contact.id)} onChange={() => toggle(contact.id)} />
                    </Table.Td>
                    <Table.Td maw={320}><NameCell contact={contact} /></Table.Td>
                    {visible.map((column) => (
                      <Table.Td key={column.key} ta={column.align} fz="sm"><div className="cb-cell">{column.render(contact)}</div></Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}

      {list.data && total > 0 && (
        <Group justify="space-between" mt="md" gap="sm">
          <Group gap="sm">
            <Text size="sm" c="dimmed" data-testid="page-summary">{formatNumber(first)}–{formatNumber(last)} of {about}{formatNumber(total)}</Text>
            <Tooltip label="Rows per page">
              <Select aria-label="Rows per page" data={PAGE_SIZES} value={String(perPage)} w={80} size="xs" allowDeselect={false}
                onChange={(value) => update({ per: value === '30' ? undefined : value ?? undefined, page: undefined })} />
            </Tooltip>
          </Group>
          {pages > 1 && (
            <Pagination total={pages} value={Math.min(page, pages)} onChange={(p) => update({ page: p === 1 ? undefined : String(p) })} size="sm"
              getControlProps={(control) => ({ 'aria-label': `${control} page` })} />
          )}
        </Group>
      )}

      {exporting && <ExportModal scope={{ search, count: total, exact: !about }} visibleFields={visibleFields} onClose={() => setExporting(false)} />}
      <QuickAddModal opened={quickAdd} onClose={() => setQuickAdd(false)} onCreated={() => list.reload()} />
    </>
  );
}
