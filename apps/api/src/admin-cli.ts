import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { parseArgs } from 'node:util';
import { UsersService } from './access/users.service.js';
import { AppModule } from './app.module.js';
import { ConfigError, loadConfig } from './config/app-config.js';
import { parseInput, UserCreate, UserUpdate } from './contracts.js';
import { databaseProblem } from './database/database-reachable.js';
import { DomainError, ROLES } from './domain.js';

const USAGE = `Manage who can sign in, on the database the service uses (DATABASE_PATH or DATABASE_URL).

  npm run admin -- create-user --username NAME --role viewer|responder|admin [--display-name TEXT]
  npm run admin -- set-password --username NAME
  npm run admin -- set-role --username NAME --role viewer|responder|admin
  npm run admin -- enable --username NAME | disable --username NAME
  npm run admin -- list-users

The password is asked for (typed twice, not shown), or read from the first line of standard input
when it is not a terminal (e.g. printf '%s\\n' "$PASSWORD" | npm run admin -- create-user ...).
The first user turns the service from local into team mode: from then on everyone signs in.`;

async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    let text = '';
    for await (const chunk of process.stdin) text += String(chunk);
    return text.split(/\r?\n/)[0] ?? '';
  }
  const ask = (question: string) =>
    new Promise<string>((resolve) => {
      process.stdout.write(question);
      const stdin = process.stdin;
      stdin.setRawMode(true);
      stdin.resume();
      let typed = '';
      const onData = (data: Buffer) => {
        for (const char of data.toString('utf8')) {
          if (char === '\r' || char === '\n') {
            stdin.setRawMode(false);
            stdin.pause();
            stdin.off('data', onData);
            process.stdout.write('\n');
            return resolve(typed);
          }
          if (char === '\u0003') process.exit(130);
          typed = char === '\u007f' ? typed.slice(0, -1) : typed + char;
        }
      };
      stdin.on('data', onData);
    });
  const first = await ask('Password: ');
  const again = await ask('Again: ');
  if (first !== again) throw new Error('The two passwords differ; nothing was changed.');
  return first;
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { username: { type: 'string' }, role: { type: 'string' }, 'display-name': { type: 'string' }, help: { type: 'boolean' } },
  });
  const command = positionals[0];
  if (!command || values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const config = loadConfig({ ...process.env, HEALTH_CHECKS_ENABLED: 'false', ADMIN_USERNAME: '', ADMIN_PASSWORD: '' });
  const problem = await databaseProblem(config.database);
  if (problem) throw new Error(problem);
  const context = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: ['error', 'warn'] });
  try {
    const users = context.get(UsersService);
    const named = async () => {
      if (!values.username) throw new Error('Give --username.');
      const user = await users.findByUsername(values.username);
      if (!user) throw new Error(`No user named "${values.username}"; see npm run admin -- list-users.`);
      return user;
    };
    switch (command) {
      case 'create-user': {
        const password = await readPassword();
        const dto = parseInput(UserCreate, {
          username: values.username,
          role: values.role,
          password,
          display_name: values['display-name'],
        });
        const user = await users.create(dto, 'admin command');
        process.stdout.write(`Created ${user.username} (${user.role}), id ${user.id}.\n`);
        break;
      }
      case 'set-password': {
        const user = await named();
        await users.update(user.id, parseInput(UserUpdate, { password: await readPassword() }), 'admin command', null);
        process.stdout.write(`Changed the password of ${user.username}; their sessions have ended.\n`);
        break;
      }
      case 'set-role':
      case 'enable':
      case 'disable': {
        const user = await named();
        const change = command === 'set-role' ? { role: values.role } : { disabled: command === 'disable' };
        const updated = await users.update(user.id, parseInput(UserUpdate, change), 'admin command', null);
        process.stdout.write(`${updated.username}: ${updated.role}${updated.disabled ? ', disabled' : ''}.\n`);
        break;
      }
      case 'list-users': {
        const page = await users.list({ limit: 200 });
        if (page.items.length === 0) process.stdout.write('No users: the service is in local mode.\n');
        for (const u of page.items) process.stdout.write(`${u.id}  ${u.username}  ${u.role}${u.disabled ? '  (disabled)' : ''}\n`);
        break;
      }
      default:
        throw new Error(`Unknown command "${command}". Roles: ${ROLES.join(', ')}.\n\n${USAGE}`);
    }
  } finally {
    await context.close();
  }
}

main().catch((error: unknown) => {
  const message =
    error instanceof DomainError
      ? [error.message, ...(error.details.fields ?? []).flatMap((f) => f.messages.map((m) => `  ${f.field}: ${m}`))].join('\n')
      : error instanceof ConfigError || error instanceof Error
        ? error.message
        : String(error);
  process.stderr.write(`${message}\n`);
  process.exit(2);
});
