/**
 * Where the sandbox shop's buyers live: ship-to places with their sales taxes or VAT, and made-up people.
 * Rates are close to real ones (2025) so the orders look right in demos; they are sample data, not tax advice.
 * E-mail addresses are all under example.com; US phone numbers are in the fictional 555-01xx range.
 */

/** One tax component: a title as receipts print it and its rate as a fraction. */
export interface Tax {
  title: string;
  rate: string;
}

/** A made-up buyer. */
export interface Person {
  first: string;
  last: string;
  /** Local part of the e-mail address, ASCII. */
  email: string;
}

/** A ship-to place: address parts, the taxes that apply there, and who lives there. */
export interface Place {
  city: string;
  district: string | null;
  province: string | null;
  provinceCode: string | null;
  zip: string;
  country: string;
  streets: readonly string[];
  /** Taxes on goods at this destination. */
  taxes: readonly Tax[];
  /** The currency the buyer sees, when it is not the store's, and store→buyer rate. */
  presentment?: { currency: string; rate: string };
  people: readonly Person[];
  phone: string;
}

const US_PEOPLE: readonly Person[] = [
  { first: 'James', last: 'Smith', email: 'james.smith' },
  { first: 'Mary', last: 'Johnson', email: 'mary.johnson' },
  { first: 'Carlos', last: 'Rodriguez', email: 'carlos.rodriguez' },
  { first: 'Priya', last: 'Patel', email: 'priya.patel' },
  { first: 'Aiko', last: 'Tanaka', email: 'aiko.tanaka' },
  { first: 'DeShawn', last: 'Brown', email: 'deshawn.brown' },
  { first: 'Linh', last: 'Nguyen', email: 'linh.nguyen' },
];

function us(
  city: string,
  province: string,
  code: string,
  zip: string,
  streets: string[],
  taxes: Tax[],
): Place {
  return {
    city,
    district: null,
    province,
    provinceCode: code,
    zip,
    country: 'US',
    streets,
    taxes,
    people: US_PEOPLE,
    phone: '+1 212-555-01',
  };
}

/** US places with state and local sales taxes (Oregon has none). */
export const US_PLACES: readonly Place[] = [
  us(
    'New York',
    'New York',
    'NY',
    '10001',
    ['350 Fifth Avenue', '11 Wall Street'],
    [
      { title: 'New York State Tax', rate: '0.04' },
      { title: 'New York City Tax', rate: '0.045' },
      { title: 'Metropolitan Commuter Transportation District', rate: '0.00375' },
    ],
  ),
  us(
    'Los Angeles',
    'California',
    'CA',
    '90012',
    ['200 N Spring Street', '1111 S Figueroa Street'],
    [
      { title: 'California State Tax', rate: '0.0725' },
      { title: 'Los Angeles County Tax', rate: '0.0225' },
    ],
  ),
  us(
    'Austin',
    'Texas',
    'TX',
    '78701',
    ['301 W 2nd Street', '1100 Congress Avenue'],
    [
      { title: 'Texas State Tax', rate: '0.0625' },
      { title: 'Austin City Tax', rate: '0.01' },
      { title: 'Capital Metro Transit Authority', rate: '0.01' },
    ],
  ),
  us(
    'Seattle',
    'Washington',
    'WA',
    '98101',
    ['400 Pine Street', '1301 Second Avenue'],
    [
      { title: 'Washington State Tax', rate: '0.065' },
      { title: 'Seattle Local Tax', rate: '0.0385' },
    ],
  ),
  us('Portland', 'Oregon', 'OR', '97205', ['1120 SW 5th Avenue'], []),
];

function eu(
  country: string,
  city: string,
  zip: string,
  province: string | null,
  provinceCode: string | null,
  streets: string[],
  vat: Tax,
  people: Person[],
  phone: string,
  presentment?: { currency: string; rate: string },
): Place {
  return {
    city,
    district: null,
    province,
    provinceCode,
    zip,
    country,
    streets,
    taxes: [vat],
    people,
    phone,
    ...(presentment ? { presentment } : {}),
  };
}

// EU distance sales charge the buyer's country's VAT (One-Stop Shop); buyers in SE, DK and PL see their own
// currency while the shop settles in EUR.
/** EU places. */
export const EU_PLACES: readonly Place[] = [
  eu(
    'DE',
    'Berlin',
    '10115',
    null,
    null,
    ['Invalidenstraße 117', 'Torstraße 49'],
    { title: 'MwSt. 19%', rate: '0.19' },
    [
      { first: 'Jürgen', last: 'Müller', email: 'juergen.mueller' },
      { first: 'Anna', last: 'Schäfer', email: 'anna.schaefer' },
    ],
    '+49 30 9018',
  ),
  eu(
    'FR',
    'Paris',
    '75003',
    null,
    null,
    ['12 Rue de Bretagne', '5 Rue Dupetit-Thouars'],
    { title: 'TVA 20%', rate: '0.20' },
    [{ first: 'Élodie', last: 'Dubois', email: 'elodie.dubois' }],
    '+33 1 4271',
  ),
  eu(
    'NL',
    'Amsterdam',
    '1012 AB',
    null,
    null,
    ['Damrak 70'],
    { title: 'BTW 21%', rate: '0.21' },
    [{ first: 'Sanne', last: 'de Vries', email: 'sanne.devries' }],
    '+31 20 5240',
  ),
  eu(
    'IT',
    'Milano',
    '20121',
    'Milano',
    'MI',
    ['Via Brera 28'],
    { title: 'IVA 22%', rate: '0.22' },
    [{ first: 'Giulia', last: 'Rossi', email: 'giulia.rossi' }],
    '+39 02 8845',
  ),
  eu(
    'AT',
    'Wien',
    '1010',
    null,
    null,
    ['Graben 21'],
    { title: 'USt. 20%', rate: '0.20' },
    [{ first: 'Lena', last: 'Gruber', email: 'lena.gruber' }],
    '+43 1 5134',
  ),
  eu(
    'SE',
    'Stockholm',
    '111 22',
    null,
    null,
    ['Drottninggatan 53'],
    { title: 'Moms 25%', rate: '0.25' },
    [{ first: 'Erik', last: 'Andersson', email: 'erik.andersson' }],
    '+46 8 5080',
    { currency: 'SEK', rate: '11.4730' },
  ),
  eu(
    'DK',
    'København',
    '1050',
    null,
    null,
    ['Kongens Nytorv 13'],
    { title: 'Moms 25%', rate: '0.25' },
    [{ first: 'Mette', last: 'Jensen', email: 'mette.jensen' }],
    '+45 33 1421',
    { currency: 'DKK', rate: '7.4602' },
  ),
  eu(
    'PL',
    'Warszawa',
    '00-001',
    'mazowieckie',
    null,
    ['ul. Nowy Świat 64'],
    { title: 'VAT 23%', rate: '0.23' },
    [{ first: 'Zofia', last: 'Kowalska', email: 'zofia.kowalska' }],
    '+48 22 5510',
    { currency: 'PLN', rate: '4.2635' },
  ),
];

const CN_VAT: Tax = { title: '增值税 13%', rate: '0.13' };
// Chinese buyers only ever appear masked (`张*`): the surname is kept, the given name is the mask itself.
const CN_SURNAMES: readonly Person[] = ['张', '王', '李', '刘', '陈', '杨'].map((last) => ({
  first: '*',
  last,
  email: '',
}));

function cn(
  province: string,
  code: string,
  city: string,
  district: string,
  zip: string,
  streets: string[],
): Place {
  return {
    city,
    district,
    province,
    provinceCode: code,
    zip,
    country: 'CN',
    streets,
    taxes: [CN_VAT],
    people: CN_SURNAMES,
    phone: '',
  };
}

/** Chinese places, with province (省), city (市) and district (区). */
export const CN_PLACES: readonly Place[] = [
  cn('广东省', 'GD', '深圳市', '南山区', '518057', ['科技园南路88号', '海德三道1号']),
  cn('浙江省', 'ZJ', '杭州市', '西湖区', '310013', ['文三路259号']),
  cn('北京市', 'BJ', '北京市', '朝阳区', '100020', ['建国路87号']),
  cn('上海市', 'SH', '上海市', '浦东新区', '200120', ['世纪大道100号']),
  cn('四川省', 'SC', '成都市', '武侯区', '610041', ['天府大道北段1480号']),
];
