// English twin of push-strings.ts, fetched with strings-en.ts only when English is
// chosen (issue 12: the counter's first download carries Indonesian alone).
// A word added there must be added here: the compiler asks for it.

import type { pushId } from './push-strings.ts';

export const pushEn: Record<keyof typeof pushId, string> = {
  pushSubjectSale: 'Sale',
  pushSubjectReturn: 'Return',
  pushSubjectResolution: 'Flag resolution',
  pushSubjectConfirmation: 'QRIS confirmation',
  pushSubjectStockDoc: 'Stock document',
  pushSaleOtherDevice: 'Receipt {receipt} was made on another device ({owner}), not this one; not recorded.',
  pushSaleLineTooLarge: 'Receipt {receipt} refused: {name} ×{qty}, more than the {max} one line may sell.',
  pushSaleTotalTooLarge: 'Receipt {receipt} refused: the total {total} is over the {max} one sale may take.',
  pushAlreadyStored: '{what} {ref} is already stored on the server.',
  pushIdRepeated: '{ref}: internal id {id} appears twice; not recorded. Export the queue and call an admin.',
  pushIdTaken: '{ref}: internal id {id} is already used by other data; not recorded. Export the queue and call an admin.',
  pushNotAReviewer: '{user} was not a supervisor or admin of {outlet} then; only they resolve flags.',
  pushResolveOtherOutlet: "This device is enrolled at {enrolled}; it resolves that outlet's flags only, not {asked}'s.",
  pushSubjectMissing: '{what} {ref} is not on the server yet; there is nothing to resolve.',
  pushSubjectOtherOutlet: '{what} {ref} was made at {outlet}, not {asked}.',
  pushMutationIdReused: 'This id was already used for seq {seq}; not applied again.',
  pushSeqNeverStored: "Seq {seq} is below the server's last seq ({lastSeq}) but was never stored. Export the queue and call an admin.",
  pushSeqReused: 'Seq {seq} was already used by other data; this was not applied. Export the queue and call an admin.',
  pushUnknownType: 'The server does not know the kind "{type}": update the app on the server or the device.',
  pushInvalidPayload: 'Invalid data in {field}; not recorded. Export the queue and call an admin.',
  pushInvalidPayloadNoField: 'Invalid data; not recorded. Export the queue and call an admin.',
};
