import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { configOrExit, dataSourceOptions } from '@pp/core';
import { DataSource } from 'typeorm';

/**
 * Operator commands, run from the built app: `npm run cli -- <command> [options]`.
 * Each command is a function of its parsed options; add one by adding an entry to `commands`.
 */
type Options = Record<string, string | boolean | undefined>;

interface Command {
  summary: string;
  options: Record<string, { type: 'string' | 'boolean' }>;
  run(options: Options): Promise<void>;
}

const commands: Record<string, Command> = {
  migrate: {
    summary: 'Apply pending database migrations',
    options: {},
    async run() {
      const dataSource = new DataSource(dataSourceOptions(configOrExit().DATABASE_URL));
      await dataSource.initialize();
      try {
        const applied = await dataSource.runMigrations({ transaction: 'each' });
        process.stdout.write(applied.length ? `Applied ${applied.map((m) => m.name).join(', ')}\n` : 'Database is up to date\n');
      } finally {
        await dataSource.destroy();
      }
    },
  },
};

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(16)}${c.summary}`);
  return `Usage: npm run cli -- <command> [options]\nCommands:\n${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  const [name, ...rest] = process.argv.slice(2);
  const command = name ? commands[name] : undefined;
  if (!command) {
    process.stderr.write(usage());
    process.exit(name ? 2 : 0);
  }
  const { values } = parseArgs({ args: rest, options: command.options, strict: true });
  await command.run(values);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
