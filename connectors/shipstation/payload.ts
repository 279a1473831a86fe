/** The V1 Order model as this connector sends it to `POST /orders/createorder`. Money is JSON numbers. */

export type OrderStatus = 'awaiting_payment' | 'awaiting_shipment' | 'shipped' | 'on_hold' | 'cancelled';

export interface ShipStationAddress {
  name: string;
  company: string | null;
  street1: string | null;
  street2: string | null;
  street3: string | null;
  city: string | null;
  state: string | null;
  postalCode: string | null;
  country: string;
  phone: string | null;
  residential: boolean | null;
}

export interface ShipStationWeight {
  value: number;
  units: 'grams';
}

export interface ShipStationItem {
  /** The canonical line id, so shipment items can be matched back to channel lines. */
  lineItemKey: string;
  sku: string | null;
  name: string;
  quantity: number;
  unitPrice: number;
  weight: ShipStationWeight | null;
  options: { name: string; value: string }[];
  /** True for the discount line (negative unit price), as ShipStation models discounts. */
  adjustment: boolean;
}

export interface ShipStationOrder {
  orderNumber: string;
  /** The upsert key: the hub's order id, stable across revisions. */
  orderKey: string;
  orderDate: string;
  paymentDate: string | null;
  shipByDate: string | null;
  orderStatus: OrderStatus;
  customerUsername: string | null;
  customerEmail: string | null;
  billTo: ShipStationAddress;
  shipTo: ShipStationAddress;
  items: ShipStationItem[];
  amountPaid: number;
  taxAmount: number;
  shippingAmount: number;
  customerNotes: string | null;
  internalNotes: string;
  paymentMethod: string | null;
  requestedShippingService: string | null;
  carrierCode: string | null;
  serviceCode: string | null;
  weight: ShipStationWeight | null;
  advancedOptions: {
    warehouseId: number | null;
    storeId: number | null;
    source: string;
  };
}
