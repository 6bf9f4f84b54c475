// The server's answer to a pushed sale, void or resolution that it flagged
// or refused, in the cashier's language, with product names from the sale.
// A code this app does not know (a newer server) gives null: the caller
// shows the server's English reason instead.
import { formatRupiah } from '../../domain/money.ts';
import { isPushProblemCode, type PushProblem, type PushSubject } from '../../protocol/push-problem-codes.ts';
import type { WirePushProblem } from '../../protocol/push-problems.ts';
import { flagText, type FlagNames } from './server-words.ts';
import type { StringKey } from './strings.ts';
import type { T } from './use-t.ts';

const SUBJECT: Record<PushSubject, StringKey> = { sale: 'pushSubjectSale', return: 'pushSubjectReturn', resolution: 'pushSubjectResolution', confirmation: 'pushSubjectConfirmation', 'stock-doc': 'pushSubjectStockDoc' };

export function pushProblemWords(t: T, problem: PushProblem, names: FlagNames): string {
  switch (problem.code) {
    case 'flagged':
      return problem.flags.map((f) => flagText(t, f, names)).join(' ');
    case 'sale-other-device':
      return t('pushSaleOtherDevice', problem.params);
    case 'sale-line-too-large':
      return t('pushSaleLineTooLarge', problem.params);
    case 'sale-total-too-large':
      return t('pushSaleTotalTooLarge', { receipt: problem.params.receipt, total: formatRupiah(problem.params.total), max: formatRupiah(problem.params.max) });
    case 'already-stored':
      return t('pushAlreadyStored', { what: t(SUBJECT[problem.params.what]), ref: problem.params.ref });
    case 'id-repeated':
      return t('pushIdRepeated', problem.params);
    case 'id-taken':
      return t('pushIdTaken', problem.params);
    case 'not-a-reviewer':
      return t('pushNotAReviewer', { user: names.user(problem.params.userId), outlet: names.outlet(problem.params.outletId) });
    case 'resolve-other-outlet':
      return t('pushResolveOtherOutlet', { enrolled: names.outlet(problem.params.enrolled), asked: names.outlet(problem.params.asked) });
    case 'subject-missing':
      return t('pushSubjectMissing', { what: t(SUBJECT[problem.params.what]), ref: problem.params.ref });
    case 'subject-other-outlet':
      return t('pushSubjectOtherOutlet', {
        what: t(SUBJECT[problem.params.what]),
        ref: problem.params.ref,
        outlet: names.outlet(problem.params.outletId),
        asked: names.outlet(problem.params.asked),
      });
    case 'mutation-id-reused':
      return t('pushMutationIdReused', problem.params);
    case 'seq-never-stored':
      return t('pushSeqNeverStored', problem.params);
    case 'seq-reused':
      return t('pushSeqReused', problem.params);
    case 'unknown-type':
      return t('pushUnknownType', problem.params);
    case 'invalid-payload':
      return problem.params.field === '' ? t('pushInvalidPayloadNoField') : t('pushInvalidPayload', problem.params);
  }
}

/** The words for a stored answer: from its problem when this app knows the code, else the server's reason. */
export function pushAnswerText(t: T, answer: { problem?: WirePushProblem | null; reason: string | null }, names: FlagNames): string | null {
  const p = answer.problem;
  // Written by the server from a PushProblem of this code; the wire schema only widens the code to any string.
  if (p && isPushProblemCode(p.code)) return pushProblemWords(t, p as PushProblem, names);
  return answer.reason;
}

/** Names for a sale's flags from its own lines; other ids stay as they are. */
export function saleFlagNames(lines: readonly { id: string; productId: string; name: string }[]): FlagNames {
  return {
    product: (id) => lines.find((l) => l.productId === id)?.name ?? id,
    line: (id) => lines.find((l) => l.id === id)?.name ?? id,
    outlet: (id) => id,
    user: (id) => id,
  };
}
