// ganflow's entry point: a table of subcommands, one-line errors, exit codes 0, 1 and 2.
import { benchCommand } from '../bench/command.ts';
import { analyzeCommand } from './analyze.ts';
import { parseOptions } from './args.ts';
import type { Command } from './command.ts';
import { UsageError } from './errors.ts';
import { mapCommand } from './map.ts';
import { simulateCommand } from './simulate.ts';

const COMMANDS: Record<string, Command> = {
  analyze: analyzeCommand,
  bench: benchCommand,
  map: mapCommand,
  simulate: simulateCommand,
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length)) + 3;
  const list = Object.entries(COMMANDS).map(
    ([name, command]) => `  ${name.padEnd(width)}${command.summary}`,
  );
  return [
    'usage: ganflow <command> [options]',
    '',
    'Dirac-GAN training dynamics in double precision: stability analysis and training runs.',
    '',
    'commands:',
    ...list,
    `  ${'help'.padEnd(width)}this text; ganflow help <command> (or <command> --help) for its options`,
  ].join('\n');
}

/** Runs one command line; returns the exit status: 0 done, 1 failed, 2 bad arguments. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  try {
    const output = await dispatch(name, args);
    process.stdout.write(`${output}\n`);
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`ganflow: ${message.split('\n')[0]}\n`);
    return error instanceof UsageError ? 2 : 1;
  }
}

async function dispatch(name: string | undefined, args: string[]): Promise<string> {
  if (name === undefined) throw new UsageError('missing command; see ganflow --help');
  if (name === '--help' || name === '-h') return usage();
  if (name === 'help') {
    if (args.length === 0) return usage();
    const [helpCommand, ...names] = args;
    return names.reduce((command, sub) => subcommandNamed(command, sub), commandNamed(helpCommand))
      .usage;
  }

  let command = commandNamed(name);
  let rest = args;
  while (command.subcommands && rest.length > 0 && !rest[0].startsWith('-')) {
    command = subcommandNamed(command, rest[0]);
    rest = rest.slice(1);
  }
  const values = parseOptions(rest, command.options);
  if (values.help) return command.usage;
  return command.run(values);
}

function subcommandNamed(command: Command, name: string): Command {
  const table = command.subcommands ?? {};
  if (Object.hasOwn(table, name)) return table[name];
  throw new UsageError(`unknown subcommand '${name}' (one of ${Object.keys(table).join(', ')})`);
}

function commandNamed(name: string): Command {
  if (Object.hasOwn(COMMANDS, name)) return COMMANDS[name];
  throw new UsageError(
    `unknown command '${name}' (one of ${Object.keys(COMMANDS).join(', ')}, help)`,
  );
}
