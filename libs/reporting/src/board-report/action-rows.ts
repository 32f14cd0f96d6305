import type { ActionInRound, GatedFigure } from '@pp/actions';
import { scoreText, signedText } from './figures';

/** Names the board report gives members, sectors and dimensions. */
export interface ActionNames {
  member: (id: string | null) => string;
  sector: (sector: string | null) => string;
  dimension: (key: string | null) => string;
}

const STATUS_TEXT: Record<string, string> = { planned: 'Planned', in_progress: 'In progress', done: 'Done', dropped: 'Dropped' };

/** What the action is about, in the words of the rest of the report. */
export function actionSubject({ action }: Pick<ActionInRound, 'action'>, names: ActionNames): string {
  switch (action.linkKind) {
    case 'alert':
      return 'An alert';
    case 'dyad':
      return `Tie ${names.member(action.raterOrganisationId)} → ${names.member(action.ratedOrganisationId)}`;
    case 'sector_pair':
      return `Sectors ${names.sector(action.raterSector)} → ${names.sector(action.ratedSector)}`;
    case 'dimension':
      return `Dimension: ${names.dimension(action.dimension)}`;
    default:
      return String(action.linkKind);
  }
}

/** A figure of an action's round as the rest of the report writes a score (scoreText). */
function figureText(figure: GatedFigure): string {
  return scoreText(figure.status === 'not_scored' ? null : { suppressed: figure.status === 'withheld', reason: figure.reason, mean: figure.mean });
}

/**
 * "Did it work?" in this round: the linked figure before (the round latest scored when the action
 * was recorded) and now, and the change in words. A withheld figure is never given, and then
 * neither is the change, exactly as GET /actions/{id} says it.
 */
export function actionResultText(item: Pick<ActionInRound, 'figure' | 'outcomes'>): { beforeNow: string; result: string } {
  const outcome = item.outcomes[0];
  if (!item.figure) return { beforeNow: '–', result: 'follows no score' };
  if (!outcome) return { beforeNow: '–', result: 'recorded since: judged from the next round' };
  const beforeNow = `${figureText(outcome.before)} → ${figureText(outcome.after)}`;
  if (!outcome.change) return { beforeNow, result: outcome.before.status === 'withheld' || outcome.after.status === 'withheld' ? 'Withheld' : 'cannot be compared' };
  const { delta, significant } = outcome.change;
  const words = !significant ? 'no significant change' : delta > 0 ? 'improved significantly' : 'worsened significantly';
  return { beforeNow, result: `${signedText(delta)}, ${words}` };
}

/** One table row of the board report's actions section. */
export function actionRow(item: ActionInRound, names: ActionNames): string[] {
  const { beforeNow, result } = actionResultText(item);
  return [item.action.description, actionSubject(item, names), names.member(item.action.ownerOrganisationId), item.action.dueOn, STATUS_TEXT[item.action.status] ?? item.action.status, beforeNow, result];
}
