import { ActionIcon, Box, Code, Group, Kbd, Popover, ScrollArea, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useDebouncedCallback, useHotkeys } from '@mantine/hooks';
import { IconHelpCircle, IconSearch, IconX } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { SEARCH_COMMANDS } from '../../lib/contactSearch';

export interface QueryProblem {
  readonly message: string;
  /** 0-based character the server points at. */
  readonly position?: number;
}

/** The query with a caret under the character the server points at. */
function ProblemAt({ query, problem }: { query: string; problem: QueryProblem }) {
  const at = problem.position;
  return (
    <Stack gap={2} data-testid="search-error">
      <Text size="xs" c="red">{problem.message}</Text>
      {at !== undefined && at <= query.length && (
        <Code block fz="xs" p={4} className="cb-query-problem" data-testid="search-error-position" aria-label={`The problem is at character ${at + 1}`}>
          {query.slice(0, at)}<mark>{query.slice(at, at + 1) || ' '}</mark>{query.slice(at + 1)}
        </Code>
      )}
    </Stack>
  );
}

function SearchHelp({ onPick }: { onPick: (example: string) => void }) {
  const [opened, setOpened] = useState(false);
  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-start" shadow="md" width={420} trapFocus returnFocus>
      <Popover.Target>
        <ActionIcon variant="default" size={36} aria-label="Search help" aria-expanded={opened} onClick={() => setOpened((o) => !o)}>
          <IconHelpCircle size={18} />
        </ActionIcon>
      </Popover.Target>
      <Popover.Dropdown p={0} data-testid="search-help">
        <Box px="sm" py={8} style={{ borderBottom: '1px solid var(--cb-border)' }}>
          <Text size="sm" fw={600}>Search commands</Text>
          <Text size="xs" c="dimmed">Plain words search names, emails and companies. Click a command to add it.</Text>
        </Box>
        <ScrollArea.Autosize mah={420} type="auto">
          <Stack gap="sm" p="sm">
            {SEARCH_COMMANDS.map((group) => (
              <Stack key={group.title} gap={4}>
                <Text size="xs" fw={600} c="dimmed" tt="uppercase">{group.title}</Text>
                {group.commands.map((command) => (
                  <UnstyledButton key={command.example} className="cb-search-command" onClick={() => { onPick(command.example); setOpened(false); }}
                    aria-label={`Add ${command.example}`}>
                    <Group gap="sm" wrap="nowrap" justify="space-between">
                      <Code fz="xs">{command.example}</Code>
                      <Text size="xs" c="dimmed" ta="right">{command.description}</Text>
                    </Group>
                  </UnstyledButton>
                ))}
              </Stack>
            ))}
          </Stack>
        </ScrollArea.Autosize>
      </Popover.Dropdown>
    </Popover>
  );
}

/** The search box: the search language with its hints, and the server's word on a bad query. */
export function SearchBox({ value, onChange, problem }: { value: string; onChange: (value: string) => void; problem?: QueryProblem }) {
  const [text, setText] = useState(value);
  const input = useRef<HTMLInputElement>(null);
  const commit = useDebouncedCallback((next: string) => onChange(next), 350);
  useEffect(() => setText(value), [value]);
  useHotkeys([['/', () => input.current?.focus()]]);

  const pick = (example: string) => {
    const next = text.trim() ? `${text.trim()} ${example}` : example;
    setText(next);
    onChange(next);
    input.current?.focus();
  };

  return (
    <Group gap={6} align="flex-start" wrap="nowrap" w={{ base: '100%', sm: 460 }}>
      <TextInput
        ref={input}
        value={text}
        onChange={(event) => {
          setText(event.currentTarget.value);
          commit(event.currentTarget.value);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter') onChange(text);
          if (event.key === 'Escape') {
            setText('');
            onChange('');
          }
        }}
        placeholder="Search, e.g. tag:webinar points:>10"
        aria-label="Search contacts"
        type="search"
        spellCheck={false}
        autoComplete="off"
        leftSection={<IconSearch size={16} />}
        rightSection={text ? (
          <ActionIcon variant="subtle" color="gray" size="sm" aria-label="Clear search" onClick={() => { setText(''); onChange(''); }}><IconX size={14} /></ActionIcon>
        ) : <Kbd size="xs">/</Kbd>}
        error={problem ? <ProblemAt query={value} problem={problem} /> : undefined}
        style={{ flex: 1 }}
        data-testid="contact-search"
      />
      <SearchHelp onPick={pick} />
    </Group>
  );
}
