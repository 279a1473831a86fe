/**
 * The sandbox shop's made-up catalogue and stores (storefronts and POS locations). Where the buyers live is in
 * `places.ts`.
 */

import { CN_PLACES, EU_PLACES, US_PLACES, type Place, type Tax } from './places';

export type { Place, Tax } from './places';

/** Currencies a store settles in. */
export type StoreCurrency = 'USD' | 'EUR' | 'CNY';

/** A product variant with its price in each store currency. */
export interface Product {
  sku: string;
  productId: string;
  variantId: string;
  title: string;
  titleZh: string;
  variant: string | null;
  grams: number;
  giftCard: boolean;
  /** Unit price in minor units per store currency. */
  price: Readonly<Record<StoreCurrency, number>>;
}

/** What the sandbox shop sells. */
export const PRODUCTS: readonly Product[] = [
  p('TSHIRT-BLK-M', 'Organic Cotton T-Shirt', '有机棉T恤', 'Black / M', 180, [2400, 2290, 16900]),
  p('TSHIRT-WHT-L', 'Organic Cotton T-Shirt', '有机棉T恤', 'White / L', 185, [2400, 2290, 16900]),
  p('HOODIE-GRY-L', 'Heavyweight Hoodie', '重磅连帽卫衣', 'Grey / L', 650, [6800, 6490, 45900]),
  p('MUG-CER-350', 'Ceramic Mug 350 ml', '陶瓷马克杯 350毫升', null, 420, [1450, 1290, 8900]),
  p('BOTTLE-STL-750', 'Steel Water Bottle 750 ml', '不锈钢水瓶 750毫升', 'Sage', 380, [2995, 2750, 19900]),
  p('SOCKS-MER-3PK', 'Merino Socks (3 pack)', '美利奴羊毛袜（3双装）', 'EU 39–42', 150, [1999, 1890, 12900]),
  p('CAP-NVY', 'Baseball Cap', '棒球帽', 'Navy', 110, [2200, 1990, 13900]),
  p('TOTE-CNV', 'Canvas Tote Bag', '帆布托特包', null, 240, [1600, 1490, 9900]),
  p('NOTEBOOK-A5', 'Dot Grid Notebook A5', 'A5点阵笔记本', null, 300, [1200, 1090, 6900]),
  p('BACKPACK-20L', 'Rolltop Backpack 20 L', '卷顶双肩包 20升', 'Olive', 1100, [11900, 10900, 79900]),
  p('CANDLE-SOY-CED', 'Soy Candle', '大豆香薰蜡烛', 'Cedar', 520, [2600, 2490, 17900]),
];

/** A gift card: nothing to ship, no tax, never discounted. */
export const GIFT_CARD: Product = {
  ...p('GIFT-25', 'Gift Card', '礼品卡', null, 0, [2500, 2500, 20000]),
  giftCard: true,
};

function p(
  sku: string,
  title: string,
  titleZh: string,
  variant: string | null,
  grams: number,
  price: [number, number, number],
): Product {
  const n = [...sku].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) % 900_000, 7);
  return {
    sku,
    productId: `prod_${100_000 + n}`,
    variantId: `var_${100_000 + n}${sku.length}`,
    title,
    titleZh,
    variant,
    grams,
    giftCard: false,
    price: { USD: price[0], EUR: price[1], CNY: price[2] },
  };
}

/** A shipping rate a store offers (price in minor units). */
export interface ShippingOption {
  code: string;
  title: string;
  carrier: string | null;
  price: number;
}

/** A storefront or POS location: currency, tax style, clock and what it offers. */
export interface Store {
  id: string;
  currency: StoreCurrency;
  pricesIncludeTax: boolean;
  /** The store's fixed UTC offset (the sandbox ignores daylight saving time). */
  offset: string;
  locale: string;
  places: readonly Place[];
  shipping: readonly ShippingOption[];
  /** Occasional second shipping line. */
  extraShipping: ShippingOption;
  /** Tax on shipping: `place` = the destination's goods taxes, else this list (empty: untaxed). */
  shippingTaxes: 'place' | readonly Tax[];
  /** The SAVE code's amount in minor units. */
  fixedDiscount: number;
  gateways: readonly (readonly [gateway: string, method: string])[];
}

/** The stores (storefronts and POS locations) of the sandbox shop. */
export type StoreId = 'us' | 'eu' | 'cn' | 'pos-nyc' | 'pos-berlin';

export const STORES: Readonly<Record<StoreId, Store>> = {
  us: {
    id: 'us',
    currency: 'USD',
    pricesIncludeTax: false,
    offset: '-05:00',
    locale: 'en-US',
    places: US_PLACES,
    shipping: [
      { code: 'ups_ground', title: 'UPS Ground', carrier: 'UPS', price: 795 },
      { code: 'ups_2day', title: 'UPS 2nd Day Air', carrier: 'UPS', price: 1850 },
      { code: 'usps_ground_advantage', title: 'Standard Shipping', carrier: 'USPS', price: 595 },
    ],
    extraShipping: { code: 'signature', title: 'Signature Confirmation', carrier: 'UPS', price: 350 },
    shippingTaxes: [],
    fixedDiscount: 500,
    gateways: [
      ['stripe', 'card'],
      ['stripe', 'card'],
      ['paypal', 'paypal'],
    ],
  },
  eu: {
    id: 'eu',
    currency: 'EUR',
    pricesIncludeTax: true,
    offset: '+01:00',
    locale: 'de-DE',
    places: EU_PLACES,
    shipping: [
      { code: 'dhl_paket', title: 'DHL Paket', carrier: 'DHL', price: 490 },
      { code: 'dhl_express', title: 'DHL Express', carrier: 'DHL', price: 1490 },
      { code: 'dpd_classic', title: 'DPD Classic', carrier: 'DPD', price: 590 },
    ],
    extraShipping: { code: 'bulky', title: 'Bulky item surcharge', carrier: null, price: 990 },
    shippingTaxes: 'place',
    fixedDiscount: 500,
    gateways: [
      ['adyen', 'card'],
      ['adyen', 'sepa_debit'],
      ['klarna', 'pay_later'],
    ],
  },
  cn: {
    id: 'cn',
    currency: 'CNY',
    pricesIncludeTax: true,
    offset: '+08:00',
    locale: 'zh-CN',
    places: CN_PLACES,
    shipping: [
      { code: 'sf_express', title: '顺丰速运', carrier: 'SF Express', price: 1200 },
      { code: 'zto_free', title: '中通快递（包邮）', carrier: 'ZTO', price: 0 },
      { code: 'zto_free', title: '中通快递（包邮）', carrier: 'ZTO', price: 0 },
    ],
    extraShipping: { code: 'insurance', title: '保价服务', carrier: null, price: 500 },
    shippingTaxes: [{ title: '增值税 9%', rate: '0.09' }],
    fixedDiscount: 3000,
    gateways: [
      ['alipay', 'alipay'],
      ['wechat_pay', 'wechat_pay'],
    ],
  },
  'pos-nyc': {
    id: 'pos-nyc',
    currency: 'USD',
    pricesIncludeTax: false,
    offset: '-05:00',
    locale: 'en-US',
    places: US_PLACES.slice(0, 1),
    shipping: [],
    extraShipping: { code: 'none', title: 'none', carrier: null, price: 0 },
    shippingTaxes: [],
    fixedDiscount: 500,
    gateways: [
      ['pos_terminal', 'card'],
      ['pos_terminal', 'card'],
      ['cash', 'cash'],
    ],
  },
  'pos-berlin': {
    id: 'pos-berlin',
    currency: 'EUR',
    pricesIncludeTax: true,
    offset: '+01:00',
    locale: 'de-DE',
    places: EU_PLACES.slice(0, 1),
    shipping: [],
    extraShipping: { code: 'none', title: 'none', carrier: null, price: 0 },
    shippingTaxes: [],
    fixedDiscount: 500,
    gateways: [
      ['pos_terminal', 'card'],
      ['cash', 'cash'],
    ],
  },
};
