import type { ConfigSchema } from '../../src/sdk';

/** A party sent as an N1 loop (ship-from warehouse, depositor). */
export interface EdiParty {
  /** N1-02 name. */
  name: string;
  /** N1-03 identification code qualifier (e.g. `92` assigned by buyer, `9` DUNS+4). */
  idQualifier?: string;
  /** N1-04 identification code (e.g. the warehouse code the 3PL gave you). */
  id?: string;
}

/** Settings of an EDI X12 (940 out, 945/997 in) connection. */
export interface EdiX12Config {
  /** `local`: a folder on the hub's host (or a mounted share); `sftp`: the trading partner's SFTP server. */
  transport?: 'local' | 'sftp';
  /** Root folder for `local`. Default `./data/edi-x12`. */
  localDirectory?: string;
  /** SFTP host name. */
  sftpHost?: string;
  /** SFTP port. Default 22. */
  sftpPort?: number;
  /** SFTP user name. */
  sftpUsername?: string;
  /** SFTP password (or use `sftpPrivateKey`). */
  sftpPassword?: string;
  /** SFTP private key in OpenSSH/PEM format. */
  sftpPrivateKey?: string;
  /** Expected SHA-256 fingerprint of the server's host key (`SHA256:…` as `ssh-keygen -lf` prints it). */
  sftpHostKeySha256?: string;
  /** Folder the 940 files are written to, relative to the root (SFTP home or `localDirectory`). Default `outbound`. */
  outboundPath?: string;
  /** Folder the partner drops 945 and 997 files into. Default `inbound`. */
  inboundPath?: string;
  /** Folder for the hub's own state (control-number counter, sent markers). Default `.orderhub`. */
  statePath?: string;
  /** ISA05 interchange sender id qualifier. Default `ZZ`. */
  senderQualifier?: string;
  /** ISA06 interchange sender id (yours). */
  senderId?: string;
  /** ISA07 interchange receiver id qualifier. Default `ZZ`. */
  receiverQualifier?: string;
  /** ISA08 interchange receiver id (the warehouse's). */
  receiverId?: string;
  /** GS02 application sender code. Default: `senderId`. */
  groupSenderCode?: string;
  /** GS03 application receiver code. Default: `receiverId`. */
  groupReceiverCode?: string;
  /** X12 version: GS08 `004010` or `005010` (ISA12 `00401` / `00501`). Default `004010`. */
  version?: '004010' | '005010';
  /** ISA15: `P` production or `T` test. Default `P`. */
  usageIndicator?: 'P' | 'T';
  /** Add a line break after each segment terminator (most partners accept it). Default true. */
  newlineAfterSegment?: boolean;
  /** W66-01 freight payment method. Default `PP` (prepaid). */
  freightPayment?: string;
  /** W66-02 transportation method. Default `U` (private parcel service). */
  transportMethod?: string;
  /** W01-02 / W76 unit of measure for quantities. Default `EA`. */
  unitOfMeasure?: string;
  /** W76 weight unit. Default `KG`. */
  weightUnit?: 'KG' | 'LB';
  /** W05-01 status sent for later revisions of an order already sent. Default `R` (change). */
  changeStatusCode?: string;
  /** W05-01 status sent for a cancel. Default `F` (cancel). */
  cancelStatusCode?: string;
  /** N9 qualifiers of the 945 that carry the parcel tracking number, in order of preference. Default `CN`, `2I`. */
  trackingQualifiers?: string[];
  /** UTC offset of the partner's G62 times when no time code is given (e.g. `-05:00`). Default `+00:00`. */
  partnerUtcOffset?: string;
  /** N1*SF ship-from party (the warehouse). */
  shipFrom?: EdiParty;
  /** N1*DE depositor party (you). */
  depositor?: EdiParty;
}

const party = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 60 },
    idQualifier: { type: 'string', minLength: 1, maxLength: 2 },
    id: { type: 'string', minLength: 2, maxLength: 80 },
  },
};

const isaId = { type: 'string', minLength: 1, maxLength: 15, pattern: '^[A-Za-z0-9 ._-]+$' };
const qualifier = { type: 'string', minLength: 2, maxLength: 2, pattern: '^[A-Z0-9]{2}$' };

export const configSchema: ConfigSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    transport: { enum: ['local', 'sftp'], default: 'local', description: 'Where the files go.' },
    localDirectory: { type: 'string', minLength: 1, maxLength: 1000, default: './data/edi-x12' },
    sftpHost: { type: 'string', minLength: 1, maxLength: 255 },
    sftpPort: { type: 'integer', minimum: 1, maximum: 65535, default: 22 },
    sftpUsername: { type: 'string', minLength: 1, maxLength: 200 },
    sftpPassword: { type: 'string', minLength: 1, maxLength: 500, writeOnly: true },
    sftpPrivateKey: { type: 'string', minLength: 1, maxLength: 20000, writeOnly: true },
    sftpHostKeySha256: { type: 'string', pattern: '^SHA256:[A-Za-z0-9+/]{43}=?$' },
    outboundPath: { type: 'string', minLength: 1, maxLength: 500, default: 'outbound' },
    inboundPath: { type: 'string', minLength: 1, maxLength: 500, default: 'inbound' },
    statePath: { type: 'string', minLength: 1, maxLength: 500, default: '.orderhub' },
    senderQualifier: { ...qualifier, default: 'ZZ' },
    senderId: isaId,
    receiverQualifier: { ...qualifier, default: 'ZZ' },
    receiverId: isaId,
    groupSenderCode: { type: 'string', minLength: 2, maxLength: 15 },
    groupReceiverCode: { type: 'string', minLength: 2, maxLength: 15 },
    version: { enum: ['004010', '005010'], default: '004010' },
    usageIndicator: { enum: ['P', 'T'], default: 'P' },
    newlineAfterSegment: { type: 'boolean', default: true },
    freightPayment: { type: 'string', minLength: 2, maxLength: 2, default: 'PP' },
    transportMethod: { type: 'string', minLength: 1, maxLength: 2, default: 'U' },
    unitOfMeasure: { type: 'string', minLength: 2, maxLength: 2, default: 'EA' },
    weightUnit: { enum: ['KG', 'LB'], default: 'KG' },
    changeStatusCode: { type: 'string', minLength: 1, maxLength: 1, default: 'R' },
    cancelStatusCode: { type: 'string', minLength: 1, maxLength: 1, default: 'F' },
    trackingQualifiers: {
      type: 'array',
      items: { type: 'string', minLength: 2, maxLength: 3 },
      maxItems: 10,
      default: ['CN', '2I'],
    },
    partnerUtcOffset: { type: 'string', pattern: '^[+-]\\d{2}:\\d{2}$', default: '+00:00' },
    shipFrom: party,
    depositor: party,
  },
};

/** The settings with their defaults applied. */
export type ResolvedConfig = Required<
  Pick<
    EdiX12Config,
    | 'transport'
    | 'localDirectory'
    | 'outboundPath'
    | 'inboundPath'
    | 'statePath'
    | 'senderQualifier'
    | 'receiverQualifier'
    | 'version'
    | 'usageIndicator'
    | 'newlineAfterSegment'
    | 'freightPayment'
    | 'transportMethod'
    | 'unitOfMeasure'
    | 'weightUnit'
    | 'changeStatusCode'
    | 'cancelStatusCode'
    | 'trackingQualifiers'
    | 'partnerUtcOffset'
  >
> &
  EdiX12Config;

export function resolveConfig(config: EdiX12Config): ResolvedConfig {
  return {
    ...config,
    transport: config.transport ?? 'local',
    localDirectory: config.localDirectory ?? './data/edi-x12',
    outboundPath: config.outboundPath ?? 'outbound',
    inboundPath: config.inboundPath ?? 'inbound',
    statePath: config.statePath ?? '.orderhub',
    senderQualifier: config.senderQualifier ?? 'ZZ',
    receiverQualifier: config.receiverQualifier ?? 'ZZ',
    version: config.version ?? '004010',
    usageIndicator: config.usageIndicator ?? 'P',
    newlineAfterSegment: config.newlineAfterSegment ?? true,
    freightPayment: config.freightPayment ?? 'PP',
    transportMethod: config.transportMethod ?? 'U',
    unitOfMeasure: config.unitOfMeasure ?? 'EA',
    weightUnit: config.weightUnit ?? 'KG',
    changeStatusCode: config.changeStatusCode ?? 'R',
    cancelStatusCode: config.cancelStatusCode ?? 'F',
    trackingQualifiers: config.trackingQualifiers ?? ['CN', '2I'],
    partnerUtcOffset: config.partnerUtcOffset ?? '+00:00',
  };
}
