import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { configOrExit, CoreModule, dataSourceOptions, migrate } from '@pp/core';
import { IdentityModule, PASSWORD_MIN_LENGTH, UsersService } from '@pp/identity';
import { isEmail } from 'class-validator';
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

/** What the identity commands need: settings, PostgreSQL and the identity services, no HTTP. */
@Module({ imports: [CoreModule, IdentityModule] })
class IdentityCliModule {}

/** The first line of standard input: secrets never go on the command line, where `ps` and shell history keep them. */
async function firstLineOfStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

const commands: Record<string, Command> = {
  'create-admin': {
    summary: 'Create a platform admin: --email <email> [--name <name>] --password-stdin (the password on standard input)',
    options: { email: { type: 'string' }, name: { type: 'string' }, 'password-stdin': { type: 'boolean' } },
    async run(options) {
      configOrExit();
      const email = typeof options.email === 'string' ? options.email.trim().toLowerCase() : '';
      if (!isEmail(email)) throw new Error('--email must be an email address');
      if (!options['password-stdin']) throw new Error('--password-stdin is required: give the password on standard input, never as an argument');
      const password = await firstLineOfStdin();
      if (password.length < PASSWORD_MIN_LENGTH) throw new Error(`The password must be at least ${PASSWORD_MIN_LENGTH} characters`);
      const app = await NestFactory.createApplicationContext(IdentityCliModule, { logger: ['error'] });
      try {
        const users = app.get(UsersService);
        const existing = await users.findByEmail(email);
        if (existing?.grants.some((grant) => grant.role === 'platform_admin')) {
          // Running the demo or a deployment script twice must not fail, nor silently change a password.
          process.stdout.write(`${email} is already a platform admin; nothing changed\n`);
          return;
        }
        if (existing) throw new Error(`${email} is an existing user without the platform_admin role; grant it through the API instead`);
        const name = typeof options.name === 'string' && options.name.trim() ? options.name.trim() : 'Platform admin';
        const user = await users.create({ email, displayName: name, password, grants: [{ role: 'platform_admin' }] });
        process.stdout.write(`Created platform admin ${user.email} (${user.id})\n`);
      } finally {
        await app.close();
      }
    },
  },
  migrate: {
    summary: 'Apply pending database migrations',
    options: {},
    async run() {
      const dataSource = new DataSource(dataSourceOptions(configOrExit().DATABASE_URL));
      await dataSource.initialize();
      try {
        const applied = await migrate(dataSource);
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
