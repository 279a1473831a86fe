import { dec, minorUnits } from '../../src/sdk';
import { allocate, fmt, localTimestamp, roundDiv, taxComponents, taxLines } from './amounts';
import { GIFT_CARD, PRODUCTS, STORES, type Place, type Product, type Store, type StoreId } from './catalogue';
import { rng, type Rng } from './prng';
import type {
  SandboxAddress,
  SandboxCustomer,
  SandboxDiscount,
  SandboxLine,
  SandboxOrder,
  SandboxShippingLine,
  SandboxSource,
  SandboxTax,
} from './record';

/** Where in the generated stream an order sits: (seed, minute bucket, slot) and its creation instant. */
export interface OrderSlot {
  seed: string;
  minute: number;
  slot: number;
  atMs: number;
}

type Kind = readonly [store: StoreId, source: SandboxSource];

// Share of new orders per store and source.
const KINDS: readonly (readonly [Kind, number])[] = [
  [['us', 'web'], 38],
  [['us', 'phone'], 4],
  [['eu', 'web'], 26],
  [['cn', 'web'], 16],
  [['pos-nyc', 'pos'], 9],
  [['pos-berlin', 'pos'], 7],
];

const NUMBER_PREFIX: Readonly<Record<StoreId, string>> = {
  us: 'US',
  eu: 'EU',
  cn: 'CN',
  'pos-nyc': 'NYC',
  'pos-berlin': 'BER',
};
const LANGUAGE: Readonly<Record<string, string>> = {
  US: 'en',
  DE: 'de',
  AT: 'de',
  FR: 'fr',
  NL: 'nl',
  IT: 'it',
  SE: 'sv',
  DK: 'da',
  PL: 'pl',
  CN: 'zh',
};
const NOTES: Readonly<Record<StoreId, string>> = {
  us: 'Please leave the parcel with the doorman.',
  eu: 'Bitte beim Nachbarn abgeben, falls niemand da ist.',
  cn: '请放快递柜，谢谢。',
  'pos-nyc': '',
  'pos-berlin': '',
};

/** The sandbox shop's order id for a slot: stable, numeric, unique per (minute, slot). */
export function sandboxOrderId(minute: number, slot: number): string {
  return String(minute * 1000 + slot);
}

/** Builds the record of a new order, as it looks when placed. Deterministic in `slot`. */
export function buildOrder(at: OrderSlot): SandboxOrder {
  const r = rng(at.seed, 'order', at.minute, at.slot);
  const [storeId, source] = r.weighted(KINDS);
  const store = STORES[storeId];
  const place = r.pick(store.places);
  const id = sandboxOrderId(at.minute, at.slot);
  const cur = store.currency;
  const placed = localTimestamp(at.atMs, store.offset);
  const isPos = source === 'pos';

  const picked = pickProducts(r, source);
  const customer = isPos ? walkIn(store) : buyer(r, store, place);
  const address = isPos ? null : shipTo(r, place, customer);

  // Shipping first: a free-shipping code needs a priced shipping line.
  const shipping: {
    option: { code: string; title: string; carrier: string | null; price: number };
    discount: number;
  }[] = [];
  if (!isPos && picked.some((l) => !l.product.giftCard)) {
    shipping.push({ option: r.pick(store.shipping), discount: 0 });
    if (r.chance(0.12)) shipping.push({ option: store.extraShipping, discount: 0 });
  }

  const subtotals = picked.map((l) => l.product.price[cur] * l.quantity);
  const eligible = picked.map((l, i) => (l.product.giftCard ? 0 : (subtotals[i] ?? 0)));
  const eligibleSum = eligible.reduce((s, x) => s + x, 0);
  const discountCodes: SandboxDiscount[] = [];
  let goodsDiscount = 0;
  const roll = r.next();
  const firstShipping = shipping[0];
  if (isPos ? roll < 0.08 : roll < 0.1) {
    const pct = isPos ? 20 : 10;
    goodsDiscount = roundDiv(eligibleSum * pct, 100);
    discountCodes.push({
      code: isPos ? 'STAFF20' : 'WELCOME10',
      type: 'percentage',
      value: String(pct),
      amount: fmt(goodsDiscount, cur),
    });
  } else if (!isPos && roll < 0.16) {
    goodsDiscount = roundDiv(eligibleSum * 15, 100);
    discountCodes.push({
      code: 'SPRING15',
      type: 'percentage',
      value: '15',
      amount: fmt(goodsDiscount, cur),
    });
  } else if (!isPos && roll < 0.21 && eligibleSum >= 2 * store.fixedDiscount) {
    goodsDiscount = store.fixedDiscount;
    const value = fmt(store.fixedDiscount, cur);
    discountCodes.push({ code: 'SAVE', type: 'fixed_amount', value, amount: value });
  } else if (!isPos && roll < 0.27 && firstShipping && firstShipping.option.price > 0) {
    firstShipping.discount = firstShipping.option.price;
    discountCodes.push({
      code: 'FREESHIP',
      type: 'free_shipping',
      value: '0',
      amount: fmt(firstShipping.discount, cur),
    });
  }
  const lineDiscounts = allocate(goodsDiscount, eligible);

  const orderTaxes = new Map<string, SandboxTax & { minor: number }>();
  const addTaxes = (components: { title: string; rate: string; minor: number }[]) => {
    for (const c of components) {
      const key = `${c.title}|${c.rate}`;
      const seen = orderTaxes.get(key);
      if (seen) seen.minor += c.minor;
      else orderTaxes.set(key, { title: c.title, rate: c.rate, amount: '', minor: c.minor });
    }
  };

  const lines: SandboxLine[] = picked.map(({ product, quantity }, i) => {
    const sub = subtotals[i] ?? 0;
    const discount = lineDiscounts[i] ?? 0;
    const components = product.giftCard
      ? []
      : taxComponents(sub - discount, place.taxes, store.pricesIncludeTax);
    addTaxes(components);
    return {
      id: `li_${id}_${i + 1}`,
      sku: product.sku,
      title: storeId === 'cn' ? product.titleZh : product.title,
      variant_title: product.variant,
      product_id: product.productId,
      variant_id: product.variantId,
      quantity,
      unit_price: fmt(product.price[cur], cur),
      discount: fmt(discount, cur),
      tax: fmt(
        components.reduce((s, c) => s + c.minor, 0),
        cur,
      ),
      tax_lines: taxLines(components, cur),
      total: fmt(sub - discount, cur),
      requires_shipping: !isPos && !product.giftCard,
      grams: product.grams * quantity,
      gift_card: product.giftCard,
    };
  });

  const shippingTaxes = store.shippingTaxes === 'place' ? place.taxes : store.shippingTaxes;
  const shippingLines: SandboxShippingLine[] = shipping.map(({ option, discount }, i) => {
    const components = taxComponents(option.price - discount, shippingTaxes, store.pricesIncludeTax);
    addTaxes(components);
    return {
      id: `sl_${id}_${i + 1}`,
      code: option.code,
      title: option.title,
      carrier: option.carrier,
      price: fmt(option.price, cur),
      discount: fmt(discount, cur),
      tax: fmt(
        components.reduce((s, c) => s + c.minor, 0),
        cur,
      ),
      tax_lines: taxLines(components, cur),
    };
  });

  const subtotal = subtotals.reduce((s, x) => s + x, 0);
  const shippingTotal = shipping.reduce((s, x) => s + x.option.price - x.discount, 0);
  const tax = [...orderTaxes.values()].reduce((s, t) => s + t.minor, 0);
  const tip = storeId === 'pos-nyc' && r.chance(0.2) ? r.int(1, 5) * 100 : 0;
  const total = subtotal - goodsDiscount + shippingTotal + (store.pricesIncludeTax ? 0 : tax) + tip;
  const status = isPos
    ? 'completed'
    : source === 'phone'
      ? 'pending'
      : r.weighted([
          ['paid', 70],
          ['authorized', 20],
          ['pending', 10],
        ]);
  const [gateway, method] = source === 'phone' ? ['manual', 'invoice'] : r.pick(store.gateways);

  return {
    id,
    number: `${NUMBER_PREFIX[storeId]}-${(at.minute * 1000 + at.slot).toString(36).toUpperCase()}`,
    source,
    store: storeId,
    status,
    currency: cur,
    presentment: place.presentment
      ? {
          currency: place.presentment.currency,
          total: dec(fmt(total, cur))
            .times(place.presentment.rate)
            .toFixed(minorUnits(place.presentment.currency)),
          exchange_rate: place.presentment.rate,
        }
      : null,
    prices_include_tax: store.pricesIncludeTax,
    created_at: placed,
    updated_at: placed,
    cancelled_at: null,
    cancel_reason: null,
    customer,
    shipping_address: address,
    billing_address: address ? { ...address } : null,
    lines,
    shipping_lines: shippingLines,
    discount_codes: discountCodes,
    tax_lines: [...orderTaxes.values()].map((t) => ({
      title: t.title,
      rate: t.rate,
      amount: fmt(t.minor, cur),
    })),
    subtotal: fmt(subtotal, cur),
    total_discount: fmt(goodsDiscount, cur),
    total_shipping: fmt(shippingTotal, cur),
    total_tax: fmt(tax, cur),
    tip: fmt(tip, cur),
    total: fmt(total, cur),
    payment: { gateway, method, paid_at: status === 'paid' || status === 'completed' ? placed : null },
    tags: isPos ? ['pos'] : discountCodes.some((d) => d.code === 'WELCOME10') ? ['first-order'] : [],
    note: !isPos && r.chance(0.1) ? NOTES[storeId] : null,
    test: false,
  };
}

function pickProducts(r: Rng, source: SandboxSource): { product: Product; quantity: number }[] {
  const count = r.weighted([
    [1, 50],
    [2, 30],
    [3, 14],
    [4, 6],
  ]);
  const chosen: Product[] = [];
  while (chosen.length < count) {
    const product = r.pick(PRODUCTS);
    if (!chosen.includes(product)) chosen.push(product);
  }
  const lines = chosen.map((product) => ({
    product,
    quantity: r.weighted([
      [1, 75],
      [2, 18],
      [3, 7],
    ]),
  }));
  if (source === 'web' && r.chance(0.05)) lines.push({ product: GIFT_CARD, quantity: 1 });
  return lines;
}

function walkIn(store: Store): SandboxCustomer {
  return {
    id: null,
    email: null,
    phone: null,
    first_name: null,
    last_name: null,
    name: null,
    locale: store.locale,
    masked: false,
  };
}

function buyer(r: Rng, store: Store, place: Place): SandboxCustomer {
  const person = r.pick(place.people);
  const id = `cus_${r.int(100_000, 999_999)}`;
  const locale = `${LANGUAGE[place.country] ?? 'en'}-${place.country}`;
  if (place.country === 'CN') {
    // The shop only ever sees Chinese buyers' data masked, as marketplaces and payment apps hand it over.
    const phone = `${r.pick(['138', '139', '186', '150', '177'])}****${String(r.int(0, 9999)).padStart(4, '0')}`;
    return {
      id,
      email: null,
      phone,
      first_name: null,
      last_name: null,
      name: `${person.last}${person.first}`,
      locale,
      masked: true,
    };
  }
  const phone =
    place.country === 'US'
      ? `${place.phone}${String(r.int(0, 99)).padStart(2, '0')}`
      : `${place.phone} ${r.int(1000, 9999)}`;
  return {
    id,
    email: `${person.email}${r.int(1, 99)}@example.com`,
    phone,
    first_name: person.first,
    last_name: person.last,
    name: `${person.first} ${person.last}`,
    locale: store.id === 'us' ? 'en-US' : locale,
    masked: false,
  };
}

function shipTo(r: Rng, place: Place, customer: SandboxCustomer): SandboxAddress {
  const us = place.country === 'US';
  return {
    name: customer.name,
    company: us && r.chance(0.1) ? 'Example Corp' : null,
    address1: r.pick(place.streets),
    address2: us && r.chance(0.2) ? r.pick(['Apt 4B', 'Suite 300', 'Floor 12']) : null,
    district: place.district,
    city: place.city,
    province: place.province,
    province_code: place.provinceCode,
    zip: place.zip,
    country: place.country,
    phone: customer.phone,
    masked: customer.masked,
  };
}
