import { plainToInstance, Transform } from 'class-transformer';
import { Equals, IsEmail, IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength, ValidateIf, validateSync } from 'class-validator';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
// An empty variable (e.g. `${X:-}` in compose) means unset.
const blankToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);
// Anything but a recognised spelling stays a string, so validation names the setting.
const toBoolean = ({ value }: { value: unknown }) => {
  if (value === undefined || value === '' || value === false || value === 'false' || value === '0') return false;
  if (value === true || value === 'true' || value === '1') return true;
  return value;
};

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

  /**
   * API processes sharing PORT (node:cluster), under a primary that restarts any that dies: one
   * JavaScript thread serves about a thousand submissions a second, so give a host one per core.
   */
  @Transform(toInt)
  @Min(1)
  @Max(64)
  @IsInt()
  API_PROCESSES = 1;

  @Transform(toInt)
  @Min(1)
  @Max(65535)
  @IsInt()
  WORKER_PORT = 3001;

  @Matches(/^postgres(ql)?:\/\/[^\s]+$/, { message: 'must be a postgres:// connection URL' })
  DATABASE_URL: string;

  /** PostgreSQL connections one process may hold at once (each API process and each worker has its own pool). */
  @Transform(toInt)
  @Min(1)
  @Max(1000)
  @IsInt()
  DATABASE_POOL_SIZE = 20;

  /**
   * How long a connection may sit unused before its pool closes it; 0 keeps it. Opening one costs
   * both sides a SCRAM handshake and PostgreSQL a cold backend that plans every statement afresh,
   * which under fluctuating load stalled requests by 50-400 ms when this was 10 s.
   */
  @Transform(toInt)
  @Min(0)
  @IsInt()
  DATABASE_IDLE_SECONDS = 300;

  /**
   * How long a query waits for a connection (a free one from the pool, or a new one opened) before
   * it fails: a request answers 503, a job is retried. Long enough to ride out a busy pool at a
   * quarter-end; short enough that a PostgreSQL gone away is noticed rather than queued behind.
   */
  @Transform(toInt)
  @Min(100)
  @Max(600_000)
  @IsInt()
  DATABASE_CONNECT_TIMEOUT_MS = 5000;

  @Matches(/^rediss?:\/\/[^\s]+$/, { message: 'must be a redis:// connection URL' })
  REDIS_URL: string;

  /** Namespaces the BullMQ keys, so environments sharing one Redis never take each other's jobs. */
  @Matches(/^[A-Za-z0-9_-]{1,32}$/, { message: 'must be 1 to 32 letters, digits, _ or -' })
  QUEUE_PREFIX = 'pulse';

  /** Jobs one worker process runs at once, per queue it serves; start more workers to scale out. */
  @Transform(toInt)
  @Min(1)
  @Max(64)
  @IsInt()
  WORKER_CONCURRENCY = 2;

  /**
   * How long a job's lock lasts without renewal, and how often workers look for jobs whose lock
   * expired: a job whose worker died is retried by another worker after about this long.
   */
  @Transform(toInt)
  @Min(1000)
  @IsInt()
  WORKER_STALLED_MS = 30_000;

  /**
   * How often the worker's scheduler ticks: it opens the quarter's scheduled rounds, closes rounds
   * whose closing time has come, sends reminders and drops expired Idempotency-Key receipts. A round
   * closes at most this long after its closing time. 0: this worker runs no ticks (another does).
   */
  @Transform(toInt)
  @ValidateIf((c: AppConfig) => c.SCHEDULE_TICK_MS !== 0)
  @Max(3_600_000, { message: 'SCHEDULE_TICK_MS must be 0 (off) or 1000 to 3600000' })
  @Min(1000, { message: 'SCHEDULE_TICK_MS must be 0 (off) or 1000 to 3600000' })
  @IsInt()
  SCHEDULE_TICK_MS = 60_000;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @Matches(/^\d+(b|kb|mb)$/i, { message: 'must be a size such as 1mb or 512kb' })
  BODY_LIMIT = '1mb';

  /**
   * How deeply a JSON body may nest objects and arrays; deeper bodies are refused before they are
   * parsed. Every body the API reads nests a few levels; thousands overflowed the stack.
   */
  @Transform(toInt)
  @Min(2)
  @Max(1000)
  @IsInt()
  JSON_MAX_DEPTH = 32;

  /**
   * Which proxies' X-Forwarded-For to believe for the client IP (Express 'trust proxy'): empty for
   * none, a hop count such as 1, or addresses and names such as `loopback, 10.0.0.0/8`. Behind a
   * reverse proxy, per-IP rate limits see only the proxy unless this is set.
   */
  @IsOptional()
  @IsString()
  TRUST_PROXY = '';

  /** Comma-separated origins allowed by CORS; empty allows none. */
  @IsOptional()
  @IsString()
  CORS_ORIGINS = '';

  /** Signs access tokens (HS256). Required in production; elsewhere a random per-process secret is used when unset. */
  @Transform(blankToUndefined)
  @ValidateIf((c: AppConfig) => c.NODE_ENV === 'production' || c.JWT_SECRET !== undefined)
  @MinLength(32)
  @IsString()
  JWT_SECRET?: string;

  @Transform(toInt)
  @Min(60)
  @Max(3600)
  @IsInt()
  ACCESS_TOKEN_TTL_SECONDS = 900;

  @Transform(toInt)
  @Min(3600)
  @IsInt()
  REFRESH_TOKEN_TTL_SECONDS = 14 * 24 * 3600;

  @Transform(toInt)
  @Min(3600)
  @IsInt()
  INVITATION_TTL_SECONDS = 7 * 24 * 3600;

  @Transform(toInt)
  @Min(300)
  @IsInt()
  PASSWORD_RESET_TTL_SECONDS = 3600;

  /** Consecutive failed logins that lock an account for LOGIN_LOCKOUT_SECONDS. */
  @Transform(toInt)
  @Min(1)
  @IsInt()
  LOGIN_MAX_FAILURES = 5;

  @Transform(toInt)
  @Min(1)
  @IsInt()
  LOGIN_LOCKOUT_SECONDS = 900;

  /** Requests per minute to the login and token endpoints, per client IP and per account. */
  @Transform(toInt)
  @Min(1)
  @IsInt()
  AUTH_RATE_LIMIT_PER_IP = 30;

  @Transform(toInt)
  @Min(1)
  @IsInt()
  AUTH_RATE_LIMIT_PER_ACCOUNT = 10;

  /** Requests per minute one API key may make to the BI routes: a scheduled refresh pages through far fewer. */
  @Transform(toInt)
  @Min(1)
  @IsInt()
  API_KEY_RATE_LIMIT_PER_MINUTE = 600;

  /** The first platform admin, created at start-up only while no platform admin exists. */
  @Transform(blankToUndefined)
  @IsOptional()
  @IsEmail()
  BOOTSTRAP_ADMIN_EMAIL?: string;

  @Transform(blankToUndefined)
  @ValidateIf((c: AppConfig) => c.BOOTSTRAP_ADMIN_EMAIL !== undefined)
  @MinLength(12)
  @IsString()
  BOOTSTRAP_ADMIN_PASSWORD?: string;

  /** The mail relay, e.g. smtp://user:pass@mail.example:587 or smtps://…; unset: no email is sent (in-app and webhooks still are). */
  @Transform(blankToUndefined)
  @IsOptional()
  @Matches(/^smtps?:\/\/[^\s]+$/, { message: 'must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  /**
   * The web app's public base URL (it is served by the API at `/`): emails link to its pages and
   * the API hands out respondent links under it. Required in production; elsewhere
   * http://localhost:PORT. Kept without a trailing slash.
   */
  @Transform(blankToUndefined)
  @ValidateIf((c: AppConfig) => c.NODE_ENV === 'production' || c.APP_URL !== undefined)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false, allow_query_components: false, allow_fragments: false }, {
    message: 'must be an http:// or https:// URL without query or fragment, e.g. https://pulse.example.nhs.uk',
  })
  @IsString()
  APP_URL: string;

  /**
   * Attempts at each email (alert, invitation, account) and alert webhook before it is marked failed,
   * 2 s apart doubling: 12 spans about 68 minutes (notificationRetryWindowMs), long enough to ride out
   * a relay's or a receiver's restart or a maintenance hour, short enough that a lead sees a lasting
   * failure on the alert the same day.
   */
  @Transform(toInt)
  @Min(1)
  @Max(20)
  @IsInt()
  NOTIFICATION_ATTEMPTS = 12;

  /**
   * The most members a round may have for its board report to show each member's rating of each
   * other (the dyad heatmap and the network map of every tie). At 80 a heatmap row on an A4 page is
   * 5.2 pt, the height of its 5-point member code; above it the report shows the ratings by sector
   * pair and only the weakest ties of concern (docs/operations.md, "Worker memory").
   */
  @Transform(toInt)
  @Min(2)
  @Max(200)
  @IsInt()
  BOARD_REPORT_DETAIL_MEMBERS = 80;

  /** The sender of every email, as an address or `Name <address>`. */
  @IsString()
  @MinLength(3)
  MAIL_FROM = 'Partnership Pulse <pulse@localhost>';

  /**
   * For local use (tests, the demo) only: lets webhooks reach loopback, private and link-local
   * addresses. Never in production, where a webhook URL must not become a way into the network.
   */
  @Transform(toBoolean)
  @ValidateIf((c: AppConfig) => c.NODE_ENV === 'production' || typeof c.WEBHOOK_ALLOW_PRIVATE_TARGETS !== 'boolean')
  @Equals(false, { message: 'must be true or false, and false in production' })
  WEBHOOK_ALLOW_PRIVATE_TARGETS = false;
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
  config.APP_URL = (config.APP_URL ?? `http://localhost:${config.PORT}`).replace(/\/+$/, '');
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
