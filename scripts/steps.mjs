// How `npm test` (scripts/test.mjs) runs its commands: one at a time with their output as it comes,
// or in lanes side by side, every line of a lane's output prefixed with the lane's name; and how
// long each took, printed again at the end.
import { spawn } from 'node:child_process';

const secondsSince = (since) => ((Date.now() - since) / 1000).toFixed(0);

/** What ran and how long it took, in the order it started. */
const durations = [];
function timing(name) {
  const entry = { name, since: Date.now(), seconds: undefined, code: undefined };
  durations.push(entry);
  return entry;
}
function finished(entry, code) {
  entry.seconds = (Date.now() - entry.since) / 1000;
  entry.code = code;
}

/** One line per step, lane and lane command, indented by nesting, with its time and outcome. */
export function printDurations() {
  for (const { name, seconds, code } of durations) {
    const outcome = code === 0 ? '' : code === undefined ? '  did not finish' : code === null ? '  stopped' : '  failed';
    const time = seconds === undefined ? '' : `${seconds.toFixed(0).padStart(5)}s`;
    console.log(`    ${name.padEnd(72)} ${time.padStart(6)}${outcome}`);
  }
}

/** Copies a stream line by line, each line after `prefix`, and hands every line to `scan`. */
function copyLines(from, to, prefix, scan) {
  let pending = '';
  from.on('data', (chunk) => {
    const lines = (pending + chunk.toString('utf8')).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      to.write(`${prefix}${line}\n`);
      scan?.(line);
    }
  });
  from.on('end', () => {
    if (!pending) return;
    to.write(`${prefix}${pending}\n`);
    scan?.(pending);
  });
}

/** The process groups of the lanes' running commands (each lane command leads its own group). */
const laneGroups = new Set();
function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is gone already
  }
}

/**
 * Runs a command; resolves with its exit code. With `scan`, standard output is also read line by
 * line (to add up the test summaries). With `prefix` (a lane's command) both outputs are copied
 * line by line after the prefix, standard input is closed, and the command leads its own process
 * group: stopping it, or its ending, stops whatever it started (services, browsers, workers).
 * SIGINT and SIGTERM to this process are passed on while the command runs.
 */
export function run(command, args, { env = process.env, cwd, scan, prefix } = {}) {
  return new Promise((resolve) => {
    const inLane = prefix !== undefined;
    const child = spawn(command, args, {
      cwd,
      env,
      detached: inLane,
      stdio: inLane ? ['ignore', 'pipe', 'pipe'] : ['inherit', scan ? 'pipe' : 'inherit', 'inherit'],
    });
    if (inLane) {
      copyLines(child.stdout, process.stdout, prefix, scan);
      copyLines(child.stderr, process.stderr, prefix);
      if (child.pid) laneGroups.add(child.pid);
    } else if (scan) {
      let pending = '';
      child.stdout.on('data', (chunk) => {
        process.stdout.write(chunk);
        const lines = (pending + chunk.toString('utf8')).split('\n');
        pending = lines.pop() ?? '';
        lines.forEach(scan);
      });
      child.stdout.on('end', () => pending && scan(pending));
    }
    const forward = (signal) => (inLane ? signalGroup(child.pid, signal) : child.kill(signal));
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    let exitCode;
    let leftovers;
    child.on('exit', (code, signal) => {
      exitCode = code ?? (signal ? 1 : 0);
      if (!inLane) return;
      // Whatever the command left running in its group would keep its output open: stop it.
      signalGroup(child.pid, 'SIGTERM');
      leftovers = setTimeout(() => {
        signalGroup(child.pid, 'SIGKILL');
        child.stdout.destroy();
        child.stderr.destroy();
      }, 10_000);
    });
    child.on('error', (error) => {
      console.error(`${prefix ?? ''}could not run ${command}: ${error.message}`);
      exitCode = 1;
    });
    child.on('close', (code, signal) => {
      clearTimeout(leftovers);
      laneGroups.delete(child.pid);
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(exitCode ?? code ?? (signal ? 1 : 0));
    });
  });
}

/** A command on its own: "==> message (Ns since `started`)", its output, "<== name: passed in Ns". */
export async function runStep(name, command, args, options = {}) {
  const entry = timing(name);
  const code = await run(command, args, options);
  finished(entry, code);
  console.log(`<== ${name}: ${code === 0 ? 'passed' : `failed (exit code ${code})`} in ${secondsSince(entry.since)}s`);
  return code;
}

/**
 * Runs lanes side by side, each its commands one after another (`{ label, command, args, cwd, env,
 * scan }`), and resolves with the first failing command's exit code (0 when all pass). A failure
 * stops the other lanes' running commands and skips their remaining ones.
 */
export async function runLanes(name, lanes, started = Date.now()) {
  const all = timing(name);
  let firstFailure = 0;
  const runLane = async (lane) => {
    const prefix = `[${lane.name}] `;
    const laneTiming = timing(`  lane ${lane.name}`);
    let laneCode = 0;
    for (const { label, command, args, cwd, env, scan } of lane.commands) {
      if (firstFailure !== 0) {
        console.log(`${prefix}not started: ${label} (another lane failed)`);
        laneCode = null;
        break;
      }
      console.log(`${prefix}==> ${label} (${secondsSince(started)}s)`);
      const entry = timing(`    [${lane.name}] ${label}`);
      const code = await run(command, args, { env, cwd, scan, prefix });
      if (code !== 0 && firstFailure !== 0) {
        finished(entry, null);
        console.log(`${prefix}<== ${label}: stopped after ${secondsSince(entry.since)}s (another lane failed)`);
        laneCode = null;
        break;
      }
      finished(entry, code);
      console.log(`${prefix}<== ${label}: ${code === 0 ? 'passed' : `failed (exit code ${code})`} in ${secondsSince(entry.since)}s`);
      if (code !== 0) {
        laneCode = code;
        firstFailure = code;
        for (const pid of laneGroups) signalGroup(pid, 'SIGTERM');
        break;
      }
    }
    finished(laneTiming, laneCode);
  };
  await Promise.all(lanes.map(runLane));
  finished(all, firstFailure);
  return firstFailure;
}
