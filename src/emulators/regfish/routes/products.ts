import { ok } from '../respond.js';
import type { RegfishRoutes } from '../env.js';
import { regfishProducts } from '../products.js';
import { regfishAnswerSchemas } from '../schema-lib.js';

export const productRoutes: RegfishRoutes = (app) => {
  app.get('regfish.products.list', '/tls/products', (c) => ok(c, regfishProducts.map(({ wildcard: _wildcard, ...product }) => product)), () => ({ summary: 'List the TLS products (SKUs) that can be ordered', response: regfishAnswerSchemas().regfishAnswers['regfish.products.list'] }));
};
