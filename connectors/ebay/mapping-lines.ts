import {
  dec,
  isJsonObject,
  lookup,
  money,
  moneyTotal,
  unknownValue,
  type Discount,
  type Line,
  type LookupTables,
  type TaxLine,
} from '../../src/sdk';
import { amountOrZero, ebayAmount, int, list, obj, requiredText, text } from './raw';

/**
 * Lookup table: eBay `taxType` → `tax` (counted as tax the buyer paid) or `fee` (a levy such as a recycling fee,
 * which eBay reports in `pricingSummary.fee`). A type missing from it is refused.
 */
export const TAX_TYPE_TABLE = 'ebay-tax-types';

/** One line with the tax split by who collects it. */
export interface LineParts {
  line: Line;
  sellerTax: string;
  marketplaceTax: string;
  discounts: Discount[];
  purchaseMarketplaceId: string | null;
  shipBy: string | null;
}

interface TaxEntry {
  type: string;
  amount: string;
}

function taxEntries(value: unknown, path: string, currency: string, tables: LookupTables): TaxEntry[] {
  const out: TaxEntry[] = [];
  list(value, path).forEach((raw, i) => {
    const p = `${path}/${i}`;
    const entry = obj(raw, p);
    const type = requiredText(entry['taxType'], `${p}/taxType`);
    const kind = lookup(tables, TAX_TYPE_TABLE, type);
    if (kind !== 'tax' && kind !== 'fee')
      throw unknownValue(`${p}/taxType`, `tax type (add it to the ${TAX_TYPE_TABLE} table)`);
    const amount = ebayAmount(entry['amount'], `${p}/amount`, currency);
    if (amount === undefined) throw unknownValue(`${p}/amount`, 'amount');
    if (kind === 'tax') out.push({ type, amount: amount.value });
  });
  return out;
}

function sumByType(entries: TaxEntry[]): Map<string, ReturnType<typeof dec>> {
  const by = new Map<string, ReturnType<typeof dec>>();
  for (const e of entries) by.set(e.type, (by.get(e.type) ?? dec(0)).plus(e.amount));
  return by;
}

/**
 * Maps one eBay `LineItem`. `lineItemCost` is the price of all units before discounts, so the unit price is
 * derived from it. eBay lists collect-and-remit tax in `ebayCollectAndRemitTaxes` and usually repeats it in
 * `taxes`; per tax type, the collect-and-remit amount is the marketplace's and only what `taxes` holds beyond
 * it is the seller's, so nothing is counted twice.
 */
export function mapLine(raw: unknown, index: number, currency: string, tables: LookupTables): LineParts {
  const path = `/lineItems/${index}`;
  const item = obj(raw, path);
  const quantity = int(item['quantity'], `${path}/quantity`, 1);
  const cost = ebayAmount(item['lineItemCost'], `${path}/lineItemCost`, currency);
  if (cost === undefined) throw unknownValue(`${path}/lineItemCost`, 'amount');

  const promotions = list(item['appliedPromotions'], `${path}/appliedPromotions`).map((raw, i) => {
    const p = `${path}/appliedPromotions/${i}`;
    const promo = obj(raw, p);
    const amount = dec(amountOrZero(promo['discountAmount'], `${p}/discountAmount`, currency)).abs();
    const discount: Discount = {
      code: text(promo['promotionId'], `${p}/promotionId`),
      title: text(promo['description'], `${p}/description`),
      type: 'other',
      amount: money(amount, currency),
    };
    return discount;
  });
  const discount = moneyTotal(
    promotions.map((d) => d.amount),
    currency,
  );

  const seller = sumByType(taxEntries(item['taxes'], `${path}/taxes`, currency, tables));
  const marketplace = sumByType(
    taxEntries(item['ebayCollectAndRemitTaxes'], `${path}/ebayCollectAndRemitTaxes`, currency, tables),
  );
  let sellerTax = dec(0);
  for (const [type, amount] of seller) {
    const beyond = amount.minus(marketplace.get(type) ?? 0);
    if (beyond.isPositive() && !beyond.isZero()) sellerTax = sellerTax.plus(beyond);
  }
  let marketplaceTax = dec(0);
  for (const amount of marketplace.values()) marketplaceTax = marketplaceTax.plus(amount);
  const tax = money(sellerTax.plus(marketplaceTax), currency);
  const taxLines: TaxLine[] = [];
  if (!sellerTax.isZero())
    taxLines.push({ title: 'Tax', amount: money(sellerTax, currency), collectedBy: 'merchant' });
  if (!marketplaceTax.isZero())
    taxLines.push({
      title: 'Tax collected by eBay',
      amount: money(marketplaceTax, currency),
      collectedBy: 'marketplace',
    });

  const line: Line = {
    id: requiredText(item['lineItemId'], `${path}/lineItemId`),
    sku: text(item['sku'], `${path}/sku`),
    name: requiredText(item['title'], `${path}/title`),
    quantity,
    unitPrice: money(dec(cost.value).dividedBy(quantity).toDecimalPlaces(6), currency),
    discount,
    tax,
    total: money(dec(cost.value).minus(discount), currency),
    taxLines,
  };
  const productId = text(item['legacyItemId'], `${path}/legacyItemId`);
  if (productId !== null) line.productId = productId;
  const variantId = text(item['legacyVariationId'], `${path}/legacyVariationId`);
  if (variantId !== null) line.variantId = variantId;
  const aspects = list(item['variationAspects'], `${path}/variationAspects`).map((raw, i) => {
    const a = obj(raw, `${path}/variationAspects/${i}`);
    return {
      name: requiredText(a['name'], `${path}/variationAspects/${i}/name`),
      value: requiredText(a['value'], `${path}/variationAspects/${i}/value`),
    };
  });
  if (aspects.length > 0) {
    line.variantName = aspects.map((a) => a.value).join(' / ');
    line.properties = aspects;
  }
  const instructions = item['lineItemFulfillmentInstructions'];
  const shipBy = isJsonObject(instructions)
    ? text(instructions['shipByDate'], `${path}/lineItemFulfillmentInstructions/shipByDate`)
    : null;
  return {
    line,
    sellerTax: money(sellerTax, currency),
    marketplaceTax: money(marketplaceTax, currency),
    discounts: promotions,
    purchaseMarketplaceId: text(item['purchaseMarketplaceId'], `${path}/purchaseMarketplaceId`),
    shipBy,
  };
}
