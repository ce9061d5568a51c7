#!/usr/bin/env node
/**
 * The event bus's dead letters from a shell, on DATABASE_URL (and RABBITMQ_URL, EVENTS_NAMESPACE
 * when the platform runs on RabbitMQ), like the admin's Operations → Dead letters page:
 *   npm run dead-letters -- list [--consumer C] [--type T] [--limit N] [--before ID]
 *   npm run dead-letters -- show <id>
 *   npm run dead-letters -- replay <id> | --consumer C
 *   npm run dead-letters -- discard <id> --reason "why" [--by NAME]
 * Exit codes: 0 done; 2 bad usage or input; 3 nothing to act on (no such letter, or it was
 * replayed or discarded meanwhile); 1 anything else (database or broker unreachable).
 */
import { userInfo } from 'node:os';
import { pathToFileURL } from 'node:url';
import { createPool } from '@omnicart/db';
import { createDeadLetterStore, isDeadLetterId, type DeadLetterStore, type DeadLetterSummary } from '../events/index.js';

export const USAGE = `Usage:
  dead-letters list [--consumer C] [--type T] [--limit N] [--before ID]
  dead-letters show <id>
  dead-letters replay <id> | --consumer C
  dead-letters discard <id> --reason "why" [--by NAME]`;

export const EXIT = { ok: 0, failed: 1, usage: 2, nothing: 3 } as const;

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

class UsageError extends Error {}

const NAME = /^[A-Za-z0-9_.:-]{1,200}$/;

/** `--flag value` pairs and positionals; every flag must be one of `allowed` and have a value. */
function parseArgs(args: string[], allowed: readonly string[]): { positional: string[]; flags: Map<string, string> } {
  const positional: string[] = [];
  const flags = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    if (!allowed.includes(name)) throw new UsageError(`unknown option --${name}`);
    const value = inline ?? args[++i];
    if (value === undefined || value === '') throw new UsageError(`--${name} needs a value`);
    flags.set(name, value);
  }
  return { positional, flags };
}

function idArg(positional: string[], command: string): string {
  if (positional.length !== 1) throw new UsageError(`${command} takes one dead-letter id`);
  const id = positional[0]!;
  if (!isDeadLetterId(id)) throw new UsageError(`"${id}" is not a dead-letter id (a positive integer, as \`list\` shows)`);
  return id;
}

function nameFlag(flags: Map<string, string>, name: string): string | undefined {
  const value = flags.get(name);
  if (value !== undefined && !NAME.test(value)) throw new UsageError(`--${name} "${value}": letters, digits, _ . : and - only`);
  return value;
}

const oneLine = (text: string | null, max = 100): string => {
  const flat = (text ?? '').replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

function row(letter: DeadLetterSummary): string {
  return [letter.id.padStart(8), letter.consumer.padEnd(28), `${letter.type}@${letter.version ?? 1}`.padEnd(34), String(letter.attempts).padStart(3), letter.deadAt ?? '-', oneLine(letter.lastError, 60)].join('  ');
}

/** Runs one command against the store; resolves to the exit code. */
export async function runDeadLetters(args: string[], store: DeadLetterStore, io: CliIo, options: { consumers?: readonly string[]; actor?: string } = {}): Promise<number> {
  const [command, ...rest] = args;
  try {
    switch (command) {
      case 'list': {
        const { positional, flags } = parseArgs(rest, ['consumer', 'type', 'limit', 'before']);
        if (positional.length) throw new UsageError(`list takes no argument (got ${positional.join(' ')})`);
        const limitText = flags.get('limit');
        const limit = limitText === undefined ? 50 : Number(limitText);
        if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw new UsageError('--limit must be an integer from 1 to 200');
        const before = flags.get('before');
        if (before !== undefined && !isDeadLetterId(before)) throw new UsageError(`--before "${before}" is not a dead-letter id`);
        // RabbitMQ: first take in what the bus had to park in the dead queues.
        const collected = await store.collectDeadQueues(options.consumers ?? []);
        if (collected) io.out(`collected ${collected} letter(s) from the RabbitMQ dead queues`);
        const counts = await store.counts();
        if (counts.length === 0) {
          io.out('No dead letters.');
          return EXIT.ok;
        }
        io.out('Dead letters per consumer:');
        for (const count of counts) io.out(`  ${count.consumer.padEnd(28)} ${String(count.count).padStart(6)}  oldest ${count.oldestDeadAt ?? '-'}`);
        const page = await store.list({ consumer: nameFlag(flags, 'consumer'), type: nameFlag(flags, 'type'), limit, before });
        io.out('');
        io.out(`${'id'.padStart(8)}  ${'consumer'.padEnd(28)}  ${'type@version'.padEnd(34)}  try  dead at                   last error`);
        for (const letter of page.letters) io.out(row(letter));
        if (page.letters.length === 0) io.out('  (none match)');
        if (page.nextBefore) io.out(`more: --before ${page.nextBefore}`);
        return EXIT.ok;
      }
      case 'show': {
        const id = idArg(parseArgs(rest, []).positional, 'show');
        const letter = await store.get(id);
        if (!letter) {
          io.err(`No dead letter ${id}.`);
          return EXIT.nothing;
        }
        io.out(JSON.stringify(letter, null, 2));
        return EXIT.ok;
      }
      case 'replay': {
        const { positional, flags } = parseArgs(rest, ['consumer']);
        const consumer = nameFlag(flags, 'consumer');
        if (consumer !== undefined) {
          if (positional.length) throw new UsageError('replay takes an id or --consumer, not both');
          const replayed = await store.replayConsumer(consumer);
          io.out(`replayed ${replayed} dead letter(s) of ${consumer}`);
          return replayed ? EXIT.ok : EXIT.nothing;
        }
        const id = idArg(positional, 'replay');
        const outcome = await store.replay(id);
        if (outcome.status === 'gone') {
          io.err(`Dead letter ${id} is not waiting: it was replayed or discarded, or never existed.`);
          return EXIT.nothing;
        }
        io.out(`replayed ${id} (${outcome.letter.type} ${outcome.letter.eventId}) to ${outcome.letter.consumer} only`);
        return EXIT.ok;
      }
      case 'discard': {
        const { positional, flags } = parseArgs(rest, ['reason', 'by']);
        const id = idArg(positional, 'discard');
        const reason = flags.get('reason')?.trim();
        if (!reason || reason.length < 3) throw new UsageError('discard needs --reason "why" (3 characters at least)');
        if (reason.length > 500) throw new UsageError('--reason: 500 characters at most');
        const by = flags.get('by') ?? options.actor ?? 'cli';
        const outcome = await store.discard(id, by, reason);
        if (outcome.status === 'gone') {
          io.err(`Dead letter ${id} is not waiting: it was replayed or discarded, or never existed.`);
          return EXIT.nothing;
        }
        io.out(`discarded ${id} (${outcome.letter.type} ${outcome.letter.eventId}, ${outcome.letter.consumer}) by ${by}: ${reason}`);
        return EXIT.ok;
      }
      default:
        throw new UsageError(command ? `unknown command "${command}"` : 'no command');
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`dead-letters: ${error.message}\n${USAGE}`);
      return EXIT.usage;
    }
    throw error;
  }
}

async function main(): Promise<number> {
  const io: CliIo = { out: (line) => console.log(line), err: (line) => console.error(line) };
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    io.err('dead-letters: DATABASE_URL is not set (the platform database, e.g. postgres://postgres@127.0.0.1:5432/omnicart)');
    return EXIT.usage;
  }
  const pool = createPool(databaseUrl);
  let store: DeadLetterStore | undefined;
  try {
    store = await createDeadLetterStore({ pool, rabbitmqUrl: process.env.RABBITMQ_URL || undefined, namespace: process.env.EVENTS_NAMESPACE || undefined });
    const { DOMAINS } = await import('../platform/registry.js');
    const consumers = DOMAINS.flatMap((domain) => (domain.consumers ?? []).map((consumer) => consumer.name));
    return await runDeadLetters(process.argv.slice(2), store, io, { consumers, actor: `cli:${userInfo().username}` });
  } catch (error) {
    io.err(`dead-letters: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT.failed;
  } finally {
    await store?.close();
    await pool.end();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = await main();
