import {
  Anchor, Button, Checkbox, FileInput, Group, Paper, Radio, Select, SimpleGrid, Stack, Stepper, TagsInput, Text, Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDownload, IconFileTypeCsv, IconUpload } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, errorMessage } from '../../api/client';
import type { ImportPreview, Job } from '../../api/types';
import { useReference, userName } from '../../app/reference';
import { useUser } from '../../app/session';
import { JobProgress } from '../../components/JobProgress';
import { PageHeader } from '../../components/PageHeader';
import { SaveErrorAlert } from '../../components/states';
import { formatNumber } from '../../lib/format';
import { finished, useJob } from '../../lib/useJob';
import { CREATE, MappingTable, SKIP, type NewField } from './MappingTable';

const DELIMITERS = [
  { value: '', label: 'Detect' }, { value: ',', label: 'Comma ,' }, { value: ';', label: 'Semicolon ;' },
  { value: 'tab', label: 'Tab' }, { value: '|', label: 'Pipe |' },
];
const ENCLOSURES = [{ value: '"', label: 'Double quote "' }, { value: "'", label: "Single quote '" }];
const ESCAPES = [{ value: '"', label: 'Doubled quote ""' }, { value: '\\', label: 'Backslash \\' }];
const ENCODINGS = ['auto', 'utf-8', 'windows-1252', 'iso-8859-1', 'iso-8859-15', 'utf-16le', 'utf-16be'].map((value) => ({ value, label: value === 'auto' ? 'Detect (UTF-8 or Windows-1252)' : value }));

const delimiterName = (d: string) => (d === '\t' ? 'tab' : d === ',' ? 'comma' : d === ';' ? 'semicolon' : d === '|' ? 'pipe' : d);

interface Parsing {
  delimiter: string;
  enclosure: string;
  escape: string;
  encoding: string;
}

function parsingForm(file: File, parsing: Parsing): FormData {
  const form = new FormData();
  if (parsing.delimiter) form.set('delimiter', parsing.delimiter);
  form.set('enclosure', parsing.enclosure);
  form.set('escape', parsing.escape);
  form.set('encoding', parsing.encoding);
  // The file last: the server reads the text fields before it streams the file.
  form.set('file', file, file.name);
  return form;
}

/** The end of an import: what it did, and the rows it could not take. */
function ImportResult({ job }: { job: Job }) {
  const result = (job.result ?? {}) as { inserted?: number; updated?: number; skipped?: number; failed?: number; report_url?: string };
  const stats: [string, number | undefined][] = [['Created', result.inserted], ['Updated', result.updated], ['Skipped', result.skipped], ['Failed', result.failed]];
  return (
    <Stack gap="md" data-testid="import-result">
      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        {stats.map(([label, value]) => (
          <Paper key={label} withBorder p="sm">
            <Text size="xs" c="dimmed">{label}</Text>
            <Text fz={22} fw={650} data-testid={`import-${label.toLowerCase()}`}>{formatNumber(value ?? 0)}</Text>
          </Paper>
        ))}
      </SimpleGrid>
      {(result.failed ?? 0) > 0 && result.report_url && (
        <Group>
          <Button component="a" href={result.report_url} download leftSection={<IconDownload size={16} />} variant="light" color="red">
            Download the {formatNumber(result.failed ?? 0)} failed {result.failed === 1 ? 'row' : 'rows'} (CSV)
          </Button>
          <Text size="xs" c="dimmed">Each row with the reason it failed; fix them and import that file.</Text>
        </Group>
      )}
    </Stack>
  );
}

function ImportProgress({ jobId, initial, onAgain }: { jobId: number; initial?: Job; onAgain: () => void }) {
  const { job, error } = useJob(jobId, initial);
  const [cancelling, setCancelling] = useState(false);
  const cancel = async () => {
    setCancelling(true);
    try {
      await api.post(`/api/v1/jobs/${jobId}/cancel`);
    } catch (failure) {
      notifications.show({ color: 'red', title: 'The import was not cancelled', message: errorMessage(failure) });
    } finally {
      setCancelling(false);
    }
  };
  return (
    <Stack gap="md">
      <JobProgress job={job} pollError={error} />
      {job?.state === 'succeeded' && <ImportResult job={job} />}
      {job?.state === 'cancelled' && <Text size="sm">The import was cancelled. The rows imported before stay.</Text>}
      <Group>
        {!finished(job) && <Button variant="default" color="red" onClick={cancel} loading={cancelling}>Cancel import</Button>}
        {finished(job) && <Button component={Link} to="/contacts">See the contacts</Button>}
        {finished(job) && <Button variant="default" onClick={onAgain}>Import another file</Button>}
      </Group>
    </Stack>
  );
}

export default function ImportWizard() {
  const reference = useReference();
  const admin = useUser().role === 'admin';
  const [params, setParams] = useSearchParams();
  const jobParam = Number(params.get('job')) || undefined;
  const [step, setStep] = useState(0);
  const [file, setFile] = useState<File | null>(null);
  const [parsing, setParsing] = useState<Parsing>({ delimiter: '', enclosure: '"', escape: '"', encoding: 'auto' });
  const [preview, setPreview] = useState<ImportPreview>();
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [creates, setCreates] = useState<Record<string, NewField>>({});
  const [owner, setOwner] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [tags, setTags] = useState<string[]>([]);
  const [onMatch, setOnMatch] = useState<'update' | 'skip'>('update');
  const [overwriteBlank, setOverwriteBlank] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [started, setStarted] = useState<Job>();

  const fields = useMemo(() => reference.fields.filter((f) => f.published || f.builtin), [reference.fields]);

  const read = async () => {
    if (!file) return;
    setBusy(true);
    setError(undefined);
    try {
      const { preview: next } = await api.upload<{ preview: ImportPreview }>('/api/v1/imports/preview', parsingForm(file, parsing));
      setPreview(next);
      setMapping(Object.fromEntries(next.headers.filter(Boolean).map((h) => [h, next.mapping[h] ?? SKIP])));
      setCreates({});
      setStep(1);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const start = async () => {
    if (!file || !preview) return;
    setBusy(true);
    setError(undefined);
    const form = parsingForm(file, parsing);
    form.delete('file');
    form.set('mapping', JSON.stringify(Object.fromEntries(Object.entries(mapping).map(([h, t]) => [h, t === SKIP || t === CREATE ? null : t]))));
    const wanted = Object.entries(mapping).filter(([, t]) => t === CREATE).map(([header]) => ({ header, label: creates[header]?.label ?? header, type: creates[header]?.type ?? 'text' }));
    if (wanted.length) form.set('create_fields', JSON.stringify(wanted));
    form.set('defaults', JSON.stringify({ owner_id: owner ? Number(owner) : null, status_id: status ? Number(status) : null, tags }));
    form.set('on_match', onMatch);
    form.set('overwrite_blank', String(overwriteBlank));
    form.set('file', file, file.name);
    try {
      const { job } = await api.upload<{ job: Job }>('/api/v1/imports', form);
      if (wanted.length) reference.reload();
      setStarted(job);
      setParams({ job: String(job.id) });
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const again = () => {
    setParams({});
    setStarted(undefined);
    setFile(null);
    setPreview(undefined);
    setStep(0);
  };

  if (jobParam) {
    return (
      <>
        <PageHeader title="Import contacts" crumbs={[{ label: 'Contacts', to: '/contacts' }, { label: 'Import' }]} description={started ? `From ${file?.name ?? 'your file'}` : `Import #${jobParam}`} />
        <Paper withBorder p="lg"><ImportProgress jobId={jobParam} initial={started?.id === jobParam ? started : undefined} onAgain={again} /></Paper>
      </>
    );
  }

  const mapped = Object.values(mapping).filter((t) => t !== SKIP).length;
  return (
    <>
      <PageHeader title="Import contacts" crumbs={[{ label: 'Contacts', to: '/contacts' }, { label: 'Import' }]}
        description="From a CSV file: each row becomes a contact, or updates the contact its email (or other unique identifier) matches." />
      <Paper withBorder p="lg">
        <Stepper active={step} onStepClick={(s) => s < step && setStep(s)} size="sm" allowNextStepsSelect={false}>
          <Stepper.Step label="File" description="Upload a CSV">
            <Stack gap="md" mt="md">
              <FileInput label="CSV file" placeholder="Choose a .csv file" accept=".csv,text/csv,text/plain" value={file} onChange={setFile} clearable
                leftSection={<IconFileTypeCsv size={16} />} data-autofocus w={420} />
              <SimpleGrid cols={{ base: 1, sm: 4 }} maw={900}>
                <Select label="Delimiter" data={DELIMITERS} value={parsing.delimiter} allowDeselect={false} onChange={(v) => setParsing({ ...parsing, delimiter: v ?? '' })} />
                <Select label="Enclosure" data={ENCLOSURES} value={parsing.enclosure} allowDeselect={false} onChange={(v) => setParsing({ ...parsing, enclosure: v ?? '"' })} />
                <Select label="Escape" data={ESCAPES} value={parsing.escape} allowDeselect={false} onChange={(v) => setParsing({ ...parsing, escape: v ?? '"' })} />
                <Select label="Encoding" data={ENCODINGS} value={parsing.encoding} allowDeselect={false} onChange={(v) => setParsing({ ...parsing, encoding: v ?? 'auto' })} />
              </SimpleGrid>
              {error !== undefined && <SaveErrorAlert error={error} />}
              <Group><Button onClick={read} disabled={!file} loading={busy} leftSection={<IconUpload size={16} />}>Read the file</Button></Group>
            </Stack>
          </Stepper.Step>

          <Stepper.Step label="Columns" description="Map them to fields">
            {preview && (
              <Stack gap="md" mt="md">
                <Text size="sm" c="dimmed" data-testid="preview-facts">
                  {preview.file}: {preview.encoding}{preview.bom ? ' with BOM' : ''}, {delimiterName(preview.delimiter)}-separated, about {formatNumber(Math.max(preview.rows.length, preview.lines - 1))} rows.{' '}
                  <Anchor component="button" type="button" size="sm" onClick={() => setStep(0)}>Read it differently</Anchor>
                </Text>
                <MappingTable headers={preview.headers} rows={preview.rows} fields={fields} mapping={mapping} suggested={preview.mapping} creates={creates} canCreate={admin}
                  onMap={(header, target) => setMapping({ ...mapping, [header]: target })}
                  onCreateChange={(header, field) => setCreates({ ...creates, [header]: field })} />
                <Group justify="space-between">
                  <Text size="sm" c="dimmed">{mapped} of {Object.keys(mapping).length} columns imported</Text>
                  <Group gap="xs">
                    <Button variant="default" onClick={() => setStep(0)}>Back</Button>
                    <Button onClick={() => setStep(2)} disabled={mapped === 0}>Next</Button>
                  </Group>
                </Group>
              </Stack>
            )}
          </Stepper.Step>

          <Stepper.Step label="Options" description="Defaults and matches">
            <Stack gap="md" mt="md" maw={640}>
              <Title order={3} fz="sm">For every imported contact</Title>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <Select label="Owner, when the row has none" data={reference.users.map((u) => ({ value: String(u.id), label: userName(u) }))} value={owner} onChange={setOwner} clearable placeholder="No owner" />
                <Select label="Status, when the row has none" data={reference.statuses.map((s) => ({ value: String(s.id), label: s.name }))} value={status} onChange={setStatus} clearable placeholder="No status" />
              </SimpleGrid>
              <TagsInput label="Tags for every row" value={tags} onChange={setTags} placeholder="Type a tag and press Enter" />
              <Radio.Group label="When a row matches an existing contact" value={onMatch} onChange={(v) => setOnMatch(v as 'update' | 'skip')}>
                <Stack gap={6} mt={6}>
                  <Radio value="update" label="Update the contact" description="Its values are replaced by the row's." />
                  <Radio value="skip" label="Skip the row" description="The contact stays as it is." />
                </Stack>
              </Radio.Group>
              <Checkbox label="Empty cells clear the contact's values" description="Off: an empty cell leaves the value the contact has." checked={overwriteBlank}
                onChange={(e) => setOverwriteBlank(e.currentTarget.checked)} disabled={onMatch === 'skip'} />
              {error !== undefined && <SaveErrorAlert error={error} />}
              <Group gap="xs">
                <Button variant="default" onClick={() => setStep(1)}>Back</Button>
                <Button onClick={start} loading={busy} leftSection={<IconUpload size={16} />}>Start the import</Button>
              </Group>
            </Stack>
          </Stepper.Step>
        </Stepper>
      </Paper>
    </>
  );
}
