import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, validateSync } from 'class-validator';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));

// Decorators run bottom-up and validation stops at a property's first failure, so the most basic check sits last.
/** Every setting the processes read, validated once at start-up. Names are the environment variables. */
export class AppConfig {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(toInt)
  @Min(1)
  @Max(65535)
  @IsInt()
  PORT = 3000;

  @Transform(toInt)
  @Min(1)
  @Max(65535)
  @IsInt()
  WORKER_PORT = 3001;

  @Matches(/^postgres(ql)?:\/\/[^\s]+$/, { message: 'must be a postgres:// connection URL' })
  DATABASE_URL: string;

  @Matches(/^rediss?:\/\/[^\s]+$/, { message: 'must be a redis:// connection URL' })
  REDIS_URL: string;

  /** Namespaces the BullMQ keys, so environments sharing one Redis never take each other's jobs. */
  @Matches(/^[A-Za-z0-9_-]{1,32}$/, { message: 'must be 1 to 32 letters, digits, _ or -' })
  QUEUE_PREFIX = 'pulse';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @Matches(/^\d+(b|kb|mb)$/i, { message: 'must be a size such as 1mb or 512kb' })
  BODY_LIMIT = '1mb';

  /** Comma-separated origins allowed by CORS; empty allows none. */
  @IsOptional()
  @IsString()
  CORS_ORIGINS = '';
}

export class ConfigError extends Error {}

/** Returns the typed configuration or throws a ConfigError whose message names each bad setting. */
export function validateConfig(env: Record<string, unknown>): AppConfig {
  const config = plainToInstance(AppConfig, env, { exposeDefaultValues: true });
  const errors = validateSync(config, { skipMissingProperties: false, stopAtFirstError: true });
  if (errors.length > 0) {
    const lines = errors.map((e) => {
      const value = (env as Record<string, unknown>)[e.property];
      const message = Object.values(e.constraints ?? {})[0] ?? 'is invalid';
      const problem = value === undefined || value === '' ? 'is missing' : message.replace(new RegExp(`^${e.property} `), '');
      return `${e.property} ${problem}`;
    });
    throw new ConfigError(`Invalid configuration: ${lines.join(', ')}`);
  }
  return config;
}

/** For process entry points: a bad setting stops the process with one line, not a stack trace. */
export function configOrExit(env: NodeJS.ProcessEnv = process.env): AppConfig {
  try {
    return validateConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
