/** Fields a column profile maps; the first group must be mapped, the rest may be. */
export const REQUIRED_FIELDS = [
  'orderNumber',
  'placedAt',
  'status',
  'sku',
  'name',
  'quantity',
  'unitPrice',
  'lineTax',
] as const;

export const OPTIONAL_FIELDS = [
  'currency',
  'lineDiscount',
  'shippingTitle',
  'shippingPrice',
  'shippingTax',
  'orderTotal',
  'customerName',
  'email',
  'phone',
  'shipName',
  'shipCompany',
  'shipLine1',
  'shipLine2',
  'shipDistrict',
  'shipCity',
  'shipProvince',
  'shipPostalCode',
  'shipCountry',
  'shipPhone',
  'note',
] as const;

export type Field = (typeof REQUIRED_FIELDS)[number] | (typeof OPTIONAL_FIELDS)[number];
export const ALL_FIELDS: readonly Field[] = [...REQUIRED_FIELDS, ...OPTIONAL_FIELDS];

/** Fields that belong to the order, not a line: every row of one order must agree on them. */
export const ORDER_FIELDS: readonly Field[] = [
  'placedAt',
  'status',
  'currency',
  'shippingTitle',
  'shippingPrice',
  'shippingTax',
  'orderTotal',
  'customerName',
  'email',
  'phone',
  'shipName',
  'shipCompany',
  'shipLine1',
  'shipLine2',
  'shipDistrict',
  'shipCity',
  'shipProvince',
  'shipPostalCode',
  'shipCountry',
  'shipPhone',
  'note',
];

/** One order as imported: its rows' cells by field, with the row numbers people see in the file. */
export interface ImportRecord {
  file: string;
  /** When the file was imported: the revision of these orders. */
  importedAt: string;
  orderNumber: string;
  rows: { row: number; cells: Partial<Record<Field, string>> }[];
}
