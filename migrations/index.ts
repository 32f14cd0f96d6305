import type { MigrationInterface } from 'typeorm';
import { Outbox1795300000000 } from './1795300000000-outbox';
import { RegistryTables1795400000000 } from './1795400000000-registry-tables';
import { IdentityTables1795500000000 } from './1795500000000-identity-tables';
import { SurveyEngine1795600000000 } from './1795600000000-survey-engine';
import { ScoreTables1795700000000 } from './1795700000000-score-tables';
import { AlertTables1795800000000 } from './1795800000000-alert-tables';
import { ActorChangeNotifications1795900000000 } from './1795900000000-actor-change-notifications';
import { ApiKeyChangeNotifications1796000000000 } from './1796000000000-api-key-change-notifications';
import { ScoreGateDecisions1796100000000 } from './1796100000000-score-gate-decisions';
import { FootprintSummaryNotifications1796200000000 } from './1796200000000-footprint-summary-notifications';
import { ScorePeriodOrderIndex1796300000000 } from './1796300000000-score-period-order-index';
import { InstrumentTranslations1796416000000 } from './1796416000000-instrument-translations';
import { ExactScores1796420000000 } from './1796420000000-exact-scores';
import { KeyDrivers1796431800000 } from './1796431800000-key-drivers';
import { ResponseFirstSubmission1796440000000 } from './1796440000000-response-first-submission';
import { NotificationClaims1796450019000 } from './1796450019000-notification-claims';
import { ActionPlans1796500000000 } from './1796500000000-action-plans';
import { BenchmarkSharing1796510000000 } from './1796510000000-benchmark-sharing';
import { BoardReports1796520000000 } from './1796520000000-board-reports';
import { StaleClaimSweep1796530000000 } from './1796530000000-stale-claim-sweep';
import { AlertInboxPaging1796540000000 } from './1796540000000-alert-inbox-paging';
import { OrganisationSearch1796541000000 } from './1796541000000-organisation-search';

/** Every migration, in order: SQL written and reviewed by hand, named for what it does, and listed here. */
export const migrations: (new () => MigrationInterface)[] = [
  Outbox1795300000000, RegistryTables1795400000000, IdentityTables1795500000000, SurveyEngine1795600000000, ScoreTables1795700000000, AlertTables1795800000000,
  ActorChangeNotifications1795900000000,
  ApiKeyChangeNotifications1796000000000,
  ScoreGateDecisions1796100000000,
  FootprintSummaryNotifications1796200000000,
  ScorePeriodOrderIndex1796300000000,
  InstrumentTranslations1796416000000,
  ExactScores1796420000000,
  KeyDrivers1796431800000,
  ResponseFirstSubmission1796440000000,
  NotificationClaims1796450019000,
  ActionPlans1796500000000,
  BenchmarkSharing1796510000000,
  BoardReports1796520000000,
  StaleClaimSweep1796530000000,
  AlertInboxPaging1796540000000,
  OrganisationSearch1796541000000,
];
