// One subcommand of ganflow: its options, its help, and what it prints.
import type { OptionSpecs, OptionValues } from './args.ts';

export interface Command {
  /** One line for the command list. */
  summary: string;
  /** The full help text of the command. */
  usage: string;
  options: OptionSpecs;
  /** The text for stdout; throws UsageError on bad arguments. */
  run(values: OptionValues): Promise<string>;
  /** Commands named by the first argument (`ganflow map basin ...`); run is then not called. */
  subcommands?: Record<string, Command>;
}
