import { configError, type DeliveryOperation } from '../../src/sdk';
import type { ResolvedConfig } from './config';
import { WRITE_DELIMITERS, type Edi940Payload } from './mapping';
import { writeSegments } from './x12';

const pad = (value: string, width: number): string => value.padEnd(width, ' ').slice(0, width);
const digits = (n: number, width: number): string => String(n).padStart(width, '0');

/** The partner-local wall clock of `now`, as X12 dates and times want it. */
function local(now: Date, offset: string): { ccyymmdd: string; yymmdd: string; hhmm: string } {
  const sign = offset.startsWith('-') ? -1 : 1;
  const [h = '0', m = '0'] = offset.slice(1).split(':');
  const iso = new Date(now.getTime() + sign * (Number(h) * 60 + Number(m)) * 60_000).toISOString();
  const ccyymmdd = iso.slice(0, 10).replaceAll('-', '');
  return { ccyymmdd, yymmdd: ccyymmdd.slice(2), hhmm: iso.slice(11, 16).replace(':', '') };
}

/** The sender and receiver ids; both are agreed with the partner and have no sensible default. */
export function envelopeIds(config: ResolvedConfig): { sender: string; receiver: string } {
  if (!config.senderId || !config.receiverId)
    throw configError('the interchange sender or receiver id is not set', {
      code: 'EDI_X12_IDS_MISSING',
      remedy: 'Set senderId and receiverId (ISA06/ISA08) as agreed with the trading partner.',
    });
  return { sender: config.senderId, receiver: config.receiverId };
}

/** W05-01 for this delivery: original, change (a later revision) or cancel. */
export function orderStatusCode(
  config: ResolvedConfig,
  operation: DeliveryOperation,
  revision: number,
): string {
  if (operation === 'cancel') return config.cancelStatusCode;
  return revision > 1 ? config.changeStatusCode : 'N';
}

/**
 * Wraps one 940 in its own interchange: ISA/GS/ST … SE/GE/IEA, one group with one transaction set. The group
 * and set control numbers are derived from the interchange control number, so none of them ever repeats.
 */
export function renderInterchange(
  payload: Edi940Payload,
  config: ResolvedConfig,
  controlNumber: number,
  now: Date,
  operation: DeliveryOperation,
): string {
  const { sender, receiver } = envelopeIds(config);
  const when = local(now, config.partnerUtcOffset);
  const five = config.version === '005010';
  const d = { ...WRITE_DELIMITERS, ...(five ? { repetition: '^' } : {}) };
  const setControl = digits(controlNumber, 4);
  const body = payload.segments.map((s) =>
    s[0] === 'W05' ? [s[0], orderStatusCode(config, operation, payload.revision), ...s.slice(2)] : s,
  );
  const isa = [
    'ISA',
    '00',
    pad('', 10),
    '00',
    pad('', 10),
    config.senderQualifier,
    pad(sender, 15),
    config.receiverQualifier,
    pad(receiver, 15),
    when.yymmdd,
    when.hhmm,
    five ? '^' : 'U',
    five ? '00501' : '00401',
    digits(controlNumber, 9),
    '0',
    config.usageIndicator,
    d.component,
  ];
  const segments: string[][] = [
    isa,
    [
      'GS',
      'OW',
      config.groupSenderCode ?? sender,
      config.groupReceiverCode ?? receiver,
      when.ccyymmdd,
      when.hhmm,
      String(controlNumber),
      'X',
      config.version,
    ],
    ['ST', '940', setControl],
    ...body,
    ['SE', String(body.length + 2), setControl],
    ['GE', '1', String(controlNumber)],
    ['IEA', '1', digits(controlNumber, 9)],
  ];
  // The ISA is fixed width: its padded elements must survive the trailing-empty trimming of writeSegments.
  return writeSegments(segments, d, config.newlineAfterSegment);
}
