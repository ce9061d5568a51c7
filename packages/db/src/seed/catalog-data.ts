/**
 * Vocabulary of the demo catalog: a two-level category tree and, per leaf category, the nouns,
 * adjectives, materials, sizes and price band its products are drawn from. Only data here;
 * catalog.ts turns it into rows with a seeded PRNG.
 */

export interface LeafSpec {
  slug: string;
  name: string;
  /** Short code used in SKUs, e.g. HPH. */
  code: string;
  nouns: string[];
  adjectives: string[];
  materials: string[];
  sizes: string[];
  /** Price band in whole dollars. */
  price: [number, number];
  /** Sentence fragments describing what the product is for. */
  uses: string[];
}

export interface TopSpec {
  slug: string;
  name: string;
  leaves: LeafSpec[];
}

const ONE_SIZE = ['One Size'];
const APPAREL_SIZES = ['XS', 'S', 'M', 'L', 'XL', 'XXL'];
const SHOE_SIZES = ['6', '7', '8', '9', '10', '11', '12'];

export const CATEGORY_TREE: TopSpec[] = [
  {
    slug: 'electronics',
    name: 'Electronics',
    leaves: [
      {
        slug: 'headphones',
        name: 'Headphones',
        code: 'HPH',
        nouns: ['Headphones', 'Earbuds', 'Over-Ear Headphones', 'On-Ear Headphones', 'Earphones'],
        adjectives: ['Wireless Bluetooth', 'Noise-Cancelling', 'Studio', 'Wireless', 'Sport', 'Bluetooth', 'Hi-Fi'],
        materials: ['Plastic', 'Aluminium', 'Leather', 'Silicone'],
        sizes: ONE_SIZE,
        price: [19, 399],
        uses: ['long flights and daily commutes', 'focused work and late-night listening', 'workouts and runs'],
      },
      {
        slug: 'speakers',
        name: 'Speakers',
        code: 'SPK',
        nouns: ['Speaker', 'Soundbar', 'Bookshelf Speakers', 'Portable Speaker', 'Smart Speaker'],
        adjectives: ['Bluetooth', 'Waterproof', 'Compact', 'Wireless', 'Rugged', 'Hi-Fi'],
        materials: ['Plastic', 'Aluminium', 'Wood', 'Fabric'],
        sizes: ['Small', 'Medium', 'Large'],
        price: [29, 499],
        uses: ['backyard parties', 'filling a living room with sound', 'pairing with your phone, tablet or headphones'],
      },
      {
        slug: 'smartwatches',
        name: 'Smartwatches',
        code: 'SWT',
        nouns: ['Smartwatch', 'Fitness Tracker', 'GPS Watch', 'Activity Band'],
        adjectives: ['Slim', 'Rugged', 'Solar', 'Sport', 'Classic', 'Waterproof'],
        materials: ['Aluminium', 'Stainless Steel', 'Titanium', 'Silicone'],
        sizes: ['38mm', '42mm', '46mm'],
        price: [49, 599],
        uses: ['tracking workouts and sleep', 'staying on top of notifications', 'trail running and hiking'],
      },
      {
        slug: 'cameras',
        name: 'Cameras',
        code: 'CAM',
        nouns: ['Camera', 'Action Camera', 'Instant Camera', 'Webcam', 'Mirrorless Camera'],
        adjectives: ['4K', 'Compact', 'Waterproof', 'Vintage', 'Pro', 'Ultra-Wide'],
        materials: ['Plastic', 'Aluminium', 'Magnesium Alloy'],
        sizes: ONE_SIZE,
        price: [39, 1899],
        uses: ['travel photography', 'video calls and streaming', 'capturing adventures underwater'],
      },
      {
        slug: 'keyboards-mice',
        name: 'Keyboards & Mice',
        code: 'KBD',
        nouns: ['Keyboard', 'Mechanical Keyboard', 'Mouse', 'Trackpad', 'Gaming Mouse'],
        adjectives: ['Wireless', 'Ergonomic', 'Backlit', 'Low-Profile', 'Silent', 'Bluetooth'],
        materials: ['Plastic', 'Aluminium', 'PBT'],
        sizes: ['Compact', 'Full Size'],
        price: [15, 249],
        uses: ['long coding sessions', 'gaming marathons', 'a tidy, cable-free desk'],
      },
    ],
  },
  {
    slug: 'home-kitchen',
    name: 'Home & Kitchen',
    leaves: [
      {
        slug: 'cookware',
        name: 'Cookware',
        code: 'CKW',
        nouns: ['Frying Pan', 'Saucepan', 'Dutch Oven', 'Wok', 'Stockpot', 'Skillet'],
        adjectives: ['Non-Stick', 'Cast Iron', 'Tri-Ply', 'Enamelled', 'Everyday', 'Professional'],
        materials: ['Cast Iron', 'Stainless Steel', 'Aluminium', 'Copper', 'Ceramic'],
        sizes: ['20cm', '24cm', '28cm', '32cm'],
        price: [19, 349],
        uses: ['weeknight dinners', 'slow-cooked stews and braises', 'searing steaks at high heat'],
      },
      {
        slug: 'coffee-tea',
        name: 'Coffee & Tea',
        code: 'COF',
        nouns: ['Coffee Grinder', 'French Press', 'Pour-Over Kettle', 'Espresso Machine', 'Teapot', 'Travel Mug'],
        adjectives: ['Burr', 'Electric', 'Gooseneck', 'Insulated', 'Classic', 'Compact'],
        materials: ['Stainless Steel', 'Glass', 'Ceramic', 'Plastic'],
        sizes: ['350ml', '500ml', '1L'],
        price: [12, 899],
        uses: ['slow Sunday mornings', 'a perfect cup before work', 'brewing loose-leaf tea'],
      },
      {
        slug: 'bedding',
        name: 'Bedding',
        code: 'BED',
        nouns: ['Duvet Cover', 'Sheet Set', 'Pillow', 'Throw Blanket', 'Quilt', 'Mattress Topper'],
        adjectives: ['Organic', 'Linen', 'Cooling', 'Percale', 'Cosy', 'Hypoallergenic'],
        materials: ['Cotton', 'Linen', 'Bamboo', 'Wool', 'Polyester'],
        sizes: ['Single', 'Double', 'Queen', 'King'],
        price: [19, 299],
        uses: ['warm summer nights', 'a hotel-style bedroom', 'cold winter evenings'],
      },
      {
        slug: 'lighting',
        name: 'Lighting',
        code: 'LGT',
        nouns: ['Desk Lamp', 'Floor Lamp', 'Pendant Light', 'String Lights', 'Table Lamp'],
        adjectives: ['LED', 'Dimmable', 'Smart', 'Industrial', 'Minimalist', 'Rechargeable'],
        materials: ['Metal', 'Glass', 'Wood', 'Rattan', 'Ceramic'],
        sizes: ['Small', 'Medium', 'Large'],
        price: [15, 399],
        uses: ['reading in bed', 'a warm glow in the living room', 'a focused workspace'],
      },
      {
        slug: 'storage',
        name: 'Storage & Organisation',
        code: 'STO',
        nouns: ['Storage Basket', 'Shelf Unit', 'Drawer Organiser', 'Laundry Hamper', 'Storage Box'],
        adjectives: ['Stackable', 'Woven', 'Modular', 'Collapsible', 'Minimalist'],
        materials: ['Bamboo', 'Rattan', 'Plastic', 'Metal', 'Fabric'],
        sizes: ['Small', 'Medium', 'Large'],
        price: [9, 199],
        uses: ['small apartments', 'a clutter-free wardrobe', 'organising the kids’ room'],
      },
    ],
  },
  {
    slug: 'clothing',
    name: 'Clothing',
    leaves: [
      {
        slug: 'jackets',
        name: 'Jackets & Coats',
        code: 'JKT',
        nouns: ['Rain Jacket', 'Puffer Jacket', 'Denim Jacket', 'Parka', 'Bomber Jacket', 'Trench Coat'],
        adjectives: ['Waterproof', 'Lightweight', 'Insulated', 'Packable', 'Classic', 'Recycled'],
        materials: ['Nylon', 'Polyester', 'Cotton', 'Denim', 'Wool'],
        sizes: APPAREL_SIZES,
        price: [39, 449],
        uses: ['rainy city commutes', 'weekend hikes', 'layering through the seasons'],
      },
      {
        slug: 't-shirts',
        name: 'T-Shirts & Tops',
        code: 'TSH',
        nouns: ['T-Shirt', 'Tank Top', 'Long Sleeve Tee', 'Polo Shirt', 'Henley'],
        adjectives: ['Organic', 'Everyday', 'Slim-Fit', 'Oversized', 'Performance', 'Heavyweight'],
        materials: ['Cotton', 'Organic Cotton', 'Linen', 'Merino Wool', 'Polyester'],
        sizes: APPAREL_SIZES,
        price: [9, 79],
        uses: ['everyday wear', 'hot summer days', 'layering under a jacket'],
      },
      {
        slug: 'jeans-trousers',
        name: 'Jeans & Trousers',
        code: 'JNS',
        nouns: ['Jeans', 'Chinos', 'Cargo Trousers', 'Joggers', 'Corduroy Trousers'],
        adjectives: ['Slim', 'Relaxed', 'Straight-Leg', 'Stretch', 'Tapered', 'Vintage'],
        materials: ['Denim', 'Cotton', 'Corduroy', 'Linen'],
        sizes: ['28', '30', '32', '34', '36', '38'],
        price: [29, 189],
        uses: ['the office and the weekend', 'all-day comfort', 'a sharp casual look'],
      },
      {
        slug: 'knitwear',
        name: 'Knitwear',
        code: 'KNT',
        nouns: ['Sweater', 'Cardigan', 'Hoodie', 'Turtleneck', 'Fleece'],
        adjectives: ['Chunky', 'Fine-Knit', 'Cosy', 'Cable-Knit', 'Recycled', 'Classic'],
        materials: ['Merino Wool', 'Cashmere', 'Cotton', 'Alpaca', 'Fleece'],
        sizes: APPAREL_SIZES,
        price: [29, 299],
        uses: ['crisp autumn walks', 'cold office days', 'relaxed evenings at home'],
      },
      {
        slug: 'dresses',
        name: 'Dresses & Skirts',
        code: 'DRS',
        nouns: ['Midi Dress', 'Wrap Dress', 'Maxi Dress', 'Shirt Dress', 'Pleated Skirt'],
        adjectives: ['Floral', 'Linen', 'Flowing', 'Tailored', 'Summer', 'Classic'],
        materials: ['Cotton', 'Linen', 'Viscose', 'Silk', 'Polyester'],
        sizes: APPAREL_SIZES,
        price: [29, 249],
        uses: ['summer weddings', 'everyday elegance', 'holidays by the sea'],
      },
    ],
  },
  {
    slug: 'sports-outdoors',
    name: 'Sports & Outdoors',
    leaves: [
      {
        slug: 'running',
        name: 'Running',
        code: 'RUN',
        nouns: ['Running Shoes', 'Trail Shoes', 'Running Shorts', 'Running Vest', 'Hydration Belt'],
        adjectives: ['Lightweight', 'Cushioned', 'Breathable', 'Reflective', 'Carbon-Plated', 'Grippy'],
        materials: ['Mesh', 'Nylon', 'Polyester', 'Rubber'],
        sizes: SHOE_SIZES,
        price: [19, 249],
        uses: ['marathon training', 'muddy trail runs', 'early-morning 5Ks'],
      },
      {
        slug: 'camping',
        name: 'Camping & Hiking',
        code: 'CMP',
        nouns: ['Tent', 'Sleeping Bag', 'Hiking Backpack', 'Camping Stove', 'Headlamp', 'Trekking Poles'],
        adjectives: ['Ultralight', 'Four-Season', 'Waterproof', 'Compact', 'Rugged', 'Packable'],
        materials: ['Nylon', 'Polyester', 'Aluminium', 'Titanium', 'Down'],
        sizes: ['1 Person', '2 Person', '4 Person', 'One Size'],
        price: [15, 699],
        uses: ['weekend backpacking trips', 'alpine nights under the stars', 'family camping holidays'],
      },
      {
        slug: 'cycling',
        name: 'Cycling',
        code: 'CYC',
        nouns: ['Bike Helmet', 'Cycling Jersey', 'Bike Light', 'Saddle Bag', 'Cycling Gloves'],
        adjectives: ['Aero', 'Breathable', 'Rechargeable', 'Padded', 'Reflective', 'Lightweight'],
        materials: ['Polycarbonate', 'Polyester', 'Aluminium', 'Lycra', 'Leather'],
        sizes: ['S', 'M', 'L', 'One Size'],
        price: [12, 299],
        uses: ['long road rides', 'safe night-time commuting', 'gravel adventures'],
      },
      {
        slug: 'yoga-fitness',
        name: 'Yoga & Fitness',
        code: 'YOG',
        nouns: ['Yoga Mat', 'Resistance Bands', 'Dumbbell Set', 'Foam Roller', 'Kettlebell', 'Jump Rope'],
        adjectives: ['Non-Slip', 'Eco', 'Adjustable', 'Extra-Thick', 'Travel', 'Pro'],
        materials: ['Natural Rubber', 'Cork', 'TPE', 'Cast Iron', 'Foam'],
        sizes: ['Light', 'Medium', 'Heavy', 'One Size'],
        price: [9, 349],
        uses: ['home workouts', 'daily stretching and recovery', 'studio classes'],
      },
    ],
  },
  {
    slug: 'beauty',
    name: 'Beauty & Personal Care',
    leaves: [
      {
        slug: 'skincare',
        name: 'Skincare',
        code: 'SKN',
        nouns: ['Face Moisturiser', 'Cleanser', 'Serum', 'Sunscreen', 'Face Mask', 'Eye Cream'],
        adjectives: ['Hydrating', 'Gentle', 'Vitamin C', 'Fragrance-Free', 'Brightening', 'Daily'],
        materials: ['Glass', 'Plastic', 'Aluminium'],
        sizes: ['30ml', '50ml', '100ml'],
        price: [8, 129],
        uses: ['sensitive skin', 'a simple morning routine', 'dry winter skin'],
      },
      {
        slug: 'fragrance',
        name: 'Fragrance',
        code: 'FRG',
        nouns: ['Eau de Parfum', 'Eau de Toilette', 'Scented Candle', 'Body Mist', 'Diffuser'],
        adjectives: ['Citrus', 'Woody', 'Floral', 'Fresh', 'Amber', 'Oriental'],
        materials: ['Glass', 'Soy Wax', 'Ceramic'],
        sizes: ['30ml', '50ml', '100ml'],
        price: [15, 249],
        uses: ['evenings out', 'a calm, scented home', 'everyday freshness'],
      },
      {
        slug: 'hair-care',
        name: 'Hair Care',
        code: 'HAR',
        nouns: ['Hair Dryer', 'Shampoo', 'Conditioner', 'Hair Straightener', 'Hair Brush'],
        adjectives: ['Ionic', 'Volumising', 'Repairing', 'Sulphate-Free', 'Travel', 'Professional'],
        materials: ['Plastic', 'Ceramic', 'Bamboo', 'Boar Bristle'],
        sizes: ['250ml', '500ml', 'One Size'],
        price: [7, 299],
        uses: ['curly and frizzy hair', 'salon results at home', 'quick styling before work'],
      },
      {
        slug: 'shaving-grooming',
        name: 'Shaving & Grooming',
        code: 'SHV',
        nouns: ['Electric Shaver', 'Safety Razor', 'Beard Trimmer', 'Shaving Cream', 'Grooming Kit'],
        adjectives: ['Precision', 'Cordless', 'Classic', 'Waterproof', 'Travel'],
        materials: ['Stainless Steel', 'Plastic', 'Chrome', 'Wood'],
        sizes: ONE_SIZE,
        price: [9, 249],
        uses: ['a close, comfortable shave', 'keeping a beard in shape', 'grooming on the go'],
      },
    ],
  },
  {
    slug: 'office-stationery',
    name: 'Office & Stationery',
    leaves: [
      {
        slug: 'notebooks',
        name: 'Notebooks & Journals',
        code: 'NTB',
        nouns: ['Notebook', 'Journal', 'Planner', 'Sketchbook', 'Notepad'],
        adjectives: ['Dotted', 'Hardcover', 'Lined', 'Refillable', 'Pocket', 'Recycled'],
        materials: ['Paper', 'Leather', 'Linen', 'Recycled Paper'],
        sizes: ['A6', 'A5', 'A4'],
        price: [5, 69],
        uses: ['bullet journaling', 'meeting notes', 'sketching on the go'],
      },
      {
        slug: 'pens',
        name: 'Pens & Writing',
        code: 'PEN',
        nouns: ['Fountain Pen', 'Gel Pen Set', 'Ballpoint Pen', 'Fineliner Set', 'Mechanical Pencil'],
        adjectives: ['Smooth', 'Fine-Tip', 'Brass', 'Retractable', 'Archival', 'Classic'],
        materials: ['Brass', 'Plastic', 'Aluminium', 'Resin', 'Wood'],
        sizes: ['Fine', 'Medium', 'Broad'],
        price: [3, 199],
        uses: ['daily journaling', 'crisp handwriting', 'technical drawing'],
      },
      {
        slug: 'desk-accessories',
        name: 'Desk Accessories',
        code: 'DSK',
        nouns: ['Monitor Stand', 'Desk Organiser', 'Laptop Stand', 'Desk Mat', 'Cable Tray'],
        adjectives: ['Adjustable', 'Minimalist', 'Ergonomic', 'Foldable', 'Solid'],
        materials: ['Wood', 'Aluminium', 'Felt', 'Leather', 'Bamboo'],
        sizes: ['Small', 'Medium', 'Large'],
        price: [12, 249],
        uses: ['a tidy home office', 'better posture at work', 'a clutter-free desk'],
      },
      {
        slug: 'bags',
        name: 'Bags & Backpacks',
        code: 'BAG',
        nouns: ['Laptop Backpack', 'Messenger Bag', 'Tote Bag', 'Briefcase', 'Sling Bag'],
        adjectives: ['Water-Resistant', 'Anti-Theft', 'Roll-Top', 'Slim', 'Travel', 'Classic'],
        materials: ['Canvas', 'Leather', 'Nylon', 'Recycled Polyester'],
        sizes: ['15L', '20L', '25L', '30L'],
        price: [19, 349],
        uses: ['daily commuting', 'business travel', 'carrying a 16-inch laptop'],
      },
    ],
  },
];

export const BRANDS = [
  'Sonora', 'Apex', 'Northwind', 'Lumen', 'Kestrel', 'Vireo', 'Halcyon', 'Borealis', 'Cobalt', 'Ember',
  'Fjord', 'Granite', 'Juniper', 'Marlowe', 'Nimbus', 'Orchard', 'Pinecrest', 'Quill', 'Redwood', 'Solstice',
  'Tidewater', 'Umbra', 'Verdant', 'Wildling', 'Yarrow', 'Zephyr', 'Atlas', 'Beacon', 'Cedar & Co', 'Driftwood',
];

/** Colour names with the fill the product image uses. */
export const COLOURS: Record<string, string> = {
  Black: '#1f2328',
  White: '#f4f4f2',
  Grey: '#8b949e',
  Navy: '#1f3a5f',
  Blue: '#2f81f7',
  Red: '#d1242f',
  Green: '#2da44e',
  Olive: '#6b7a3a',
  Beige: '#d8c7a8',
  Brown: '#7a4e2d',
  Pink: '#e58fb0',
  Yellow: '#e3b341',
  Orange: '#e8772e',
  Purple: '#8250df',
  Silver: '#c0c4c8',
};

export const FEATURE_SENTENCES = [
  'Built to last with carefully chosen {material} and thoughtful details.',
  'Its {adjective} design balances comfort, durability and everyday practicality.',
  'Finished in {colour}, it pairs well with the rest of the {brand} range.',
  'Backed by a two-year {brand} warranty and free returns within 30 days.',
  'Tested by our team for months before it earned a place in the catalogue.',
  'Easy to care for and designed to look good for years.',
];
