import {
  dec,
  isJsonObject,
  MappingError,
  money,
  unknownValue,
  type Discount,
  type JsonObject,
  type Line,
  type TaxLine,
} from '../../src/sdk';
import { absent, amazonMoney, flag, int, list, obj, requiredText, text } from './raw';

/** Who collects an item's tax. */
export type Collector = NonNullable<TaxLine['collectedBy']>;

/** `TaxCollection.Model` values Amazon documents; absent means the seller collects. */
const TAX_MODELS: Readonly<Record<string, Collector>> = { MarketplaceFacilitator: 'marketplace' };

/** The money of one item beyond its canonical line, for the order's shipping, fee and tax totals. */
export interface ItemParts {
  line: Line;
  collector: Collector;
  shippingPrice: string;
  shippingDiscount: string;
  shippingTax: string;
  /** Gift wrap and COD charges, net of their discounts. */
  fees: string;
  /** All tax on the item: goods, shipping and gift wrap, net of promotion tax. */
  tax: string;
  discounts: Discount[];
}

/** An optional amount that must not be negative (Amazon sends discounts as positive amounts). */
function nonNegative(value: unknown, path: string, currency: string): string {
  const amount = amazonMoney(value, path, currency);
  if (amount === undefined) return money(0, currency);
  const d = dec(amount);
  if (d.isNegative() && !d.isZero()) throw unknownValue(path, 'amount (negative)');
  return money(d.abs(), currency);
}

function collectorOf(item: JsonObject, path: string): Collector {
  if (absent(item['TaxCollection'])) return 'merchant';
  const tc = obj(item['TaxCollection'], `${path}/TaxCollection`);
  const model = requiredText(tc['Model'], `${path}/TaxCollection/Model`);
  const collector = Object.hasOwn(TAX_MODELS, model) ? TAX_MODELS[model] : undefined;
  if (!collector) throw unknownValue(`${path}/TaxCollection/Model`, 'tax collection model');
  return collector;
}

/**
 * Maps one `OrderItem` to a canonical line plus the parts that belong to the order's totals. `ItemPrice` is the
 * price of all units, so the unit price is derived from it; an item without `ItemPrice` has not been priced
 * by Amazon and is refused rather than given a price.
 */
export function mapItem(raw: unknown, index: number, currency: string, taxTitle: string): ItemParts {
  const path = `/items/${index}`;
  const item = obj(raw, path);
  const id = requiredText(item['OrderItemId'], `${path}/OrderItemId`);
  const quantity = int(item['QuantityOrdered'], `${path}/QuantityOrdered`, 1);
  const itemPrice = amazonMoney(item['ItemPrice'], `${path}/ItemPrice`, currency);
  if (itemPrice === undefined) {
    throw new MappingError(
      'MAPPING_MISSING_FIELD',
      `${path}/ItemPrice`,
      `missing required field ${path}/ItemPrice: Amazon has not priced this item`,
    );
  }
  const unitPrice = money(dec(itemPrice).dividedBy(quantity).toDecimalPlaces(6), currency);
  const discount = nonNegative(item['PromotionDiscount'], `${path}/PromotionDiscount`, currency);
  const itemTax = dec(nonNegative(item['ItemTax'], `${path}/ItemTax`, currency)).minus(
    nonNegative(item['PromotionDiscountTax'], `${path}/PromotionDiscountTax`, currency),
  );
  const shippingTax = dec(nonNegative(item['ShippingTax'], `${path}/ShippingTax`, currency)).minus(
    nonNegative(item['ShippingDiscountTax'], `${path}/ShippingDiscountTax`, currency),
  );
  const buyer = isJsonObject(item['BuyerInfo']) ? item['BuyerInfo'] : {};
  const giftWrap = nonNegative(buyer['GiftWrapPrice'], `${path}/BuyerInfo/GiftWrapPrice`, currency);
  const giftWrapTax = nonNegative(buyer['GiftWrapTax'], `${path}/BuyerInfo/GiftWrapTax`, currency);
  const cod = dec(nonNegative(item['CODFee'], `${path}/CODFee`, currency)).minus(
    nonNegative(item['CODFeeDiscount'], `${path}/CODFeeDiscount`, currency),
  );
  const collector = collectorOf(item, path);
  const lineTax = money(itemTax, currency);

  const line: Line = {
    id,
    sku: text(item['SellerSKU'], `${path}/SellerSKU`),
    name: requiredText(item['Title'], `${path}/Title`),
    productId: requiredText(item['ASIN'], `${path}/ASIN`),
    quantity,
    unitPrice,
    discount,
    tax: lineTax,
    total: money(dec(itemPrice).minus(discount), currency),
    taxLines: absent(item['ItemTax']) ? [] : [{ title: taxTitle, amount: lineTax, collectedBy: collector }],
  };
  const properties: { name: string; value: string }[] = [];
  const condition = text(item['ConditionId'], `${path}/ConditionId`);
  const subtype = text(item['ConditionSubtypeId'], `${path}/ConditionSubtypeId`);
  if (condition !== null)
    properties.push({ name: 'condition', value: subtype ? `${condition}/${subtype}` : condition });
  if (flag(item['IsGift'], `${path}/IsGift`) === true) properties.push({ name: 'gift', value: 'true' });
  if (properties.length > 0) line.properties = properties;

  const shippingDiscount = nonNegative(item['ShippingDiscount'], `${path}/ShippingDiscount`, currency);
  const promotionIds = list(item['PromotionIds'], `${path}/PromotionIds`).map((p, i) =>
    requiredText(p, `${path}/PromotionIds/${i}`),
  );
  const code = promotionIds.length > 0 ? promotionIds.join(',') : null;
  const discounts: Discount[] = [];
  if (!dec(discount).isZero()) discounts.push({ code, title: null, type: 'other', amount: discount });
  if (!dec(shippingDiscount).isZero())
    discounts.push({ code, title: null, type: 'shipping', amount: shippingDiscount });

  return {
    line,
    collector,
    shippingPrice: nonNegative(item['ShippingPrice'], `${path}/ShippingPrice`, currency),
    shippingDiscount,
    shippingTax: money(shippingTax, currency),
    fees: money(dec(giftWrap).plus(cod), currency),
    tax: money(itemTax.plus(shippingTax).plus(giftWrapTax), currency),
    discounts,
  };
}
