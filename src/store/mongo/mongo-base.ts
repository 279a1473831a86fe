import { MongoClient, type Collection, type Db } from 'mongodb';
import * as D from './mongo-docs';
import * as S from './mongo-search';
import { COLLECTIONS, dbNameOf, ensureIndexes } from './mongo-schema';
import { MongoKv } from './mongo-docs-kv';
import { MongoShipments } from './mongo-shipments';

/** The MongoDB store's connection and collections; the layers above it hold the queries. */
export class MongoBase {
  readonly kind = 'mongodb' as const;
  protected readonly client: MongoClient;
  protected readonly db: Db;
  protected readonly connections: Collection<D.ConnectionDoc>;
  protected readonly inbox: Collection<D.InboxDoc>;
  protected readonly orders: Collection<D.OrderDoc>;
  protected readonly revisions: Collection<D.RevisionDoc>;
  protected readonly deliveries: Collection<D.DeliveryDoc>;
  protected readonly attempts: Collection<D.AttemptDoc>;
  protected readonly checkpoints: Collection<D.CheckpointDoc>;
  protected readonly exceptions: Collection<D.ExceptionDoc>;
  protected readonly audit: Collection<D.AuditDoc>;
  protected readonly apiKeys: Collection<D.ApiKeyDoc>;
  protected readonly shipments: MongoShipments;
  protected readonly kv: MongoKv;

  /** `dbName` defaults to the database in the URL, else `orderhub`. */
  constructor(url: string, dbName?: string) {
    // Optional fields left undefined are omitted, never stored as null.
    this.client = new MongoClient(url, { ignoreUndefined: true });
    this.db = this.client.db(dbName ?? dbNameOf(url) ?? 'orderhub');
    this.connections = this.db.collection(COLLECTIONS.connections);
    this.inbox = this.db.collection(COLLECTIONS.inbox);
    this.orders = this.db.collection(COLLECTIONS.orders);
    this.revisions = this.db.collection(COLLECTIONS.revisions);
    this.deliveries = this.db.collection(COLLECTIONS.deliveries);
    this.attempts = this.db.collection(COLLECTIONS.attempts);
    this.checkpoints = this.db.collection(COLLECTIONS.checkpoints);
    this.exceptions = this.db.collection(COLLECTIONS.exceptions);
    this.audit = this.db.collection(COLLECTIONS.audit);
    this.apiKeys = this.db.collection(COLLECTIONS.apiKeys);
    this.shipments = new MongoShipments(this.db.collection(COLLECTIONS.shipments));
    this.kv = new MongoKv(this.db.collection(COLLECTIONS.docs));
  }

  async init(): Promise<void> {
    await this.client.connect();
    await ensureIndexes(this.db);
    await S.backfillSearchTerms(this.orders);
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  async ping(): Promise<void> {
    await this.db.command({ ping: 1 });
  }
}
