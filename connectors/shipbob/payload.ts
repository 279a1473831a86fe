/** The `Orders.CreateOrderModel` fields this connector sends to `POST /order`. */

export interface ShipBobAddress {
  address1: string;
  address2: string | null;
  city: string;
  state: string | null;
  country: string;
  zip_code: string | null;
  company_name: string | null;
}

export interface ShipBobProduct {
  /** The SKU: ShipBob matches its catalogue on it and creates the product when it has none. */
  reference_id: string;
  name: string;
  quantity: number;
}

export interface ShipBobOrder {
  /** The hub's order id: unique and immutable per ShipBob account, so a second create is refused (422). */
  reference_id: string;
  order_number: string;
  type: 'DTC';
  shipping_method: string;
  purchase_date: string;
  recipient: {
    name: string;
    email: string | null;
    phone_number: string | null;
    address: ShipBobAddress;
  };
  products: ShipBobProduct[];
  /** Only for USD orders: ShipBob reads `total_price` as US dollars. */
  financials?: { total_price: number };
  tags: { name: string; value: string }[];
  location_id?: number;
  /**
   * Never sent to ShipBob: set when the channel cancelled the order, so delivering this revision cancels the ShipBob
   * order instead of creating one (the hub delivers cancelled orders as upserts of their latest revision).
   */
  cancelRequested?: true;
}
