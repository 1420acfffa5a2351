import { z } from 'zod';

/**
 * Field messages in Vietnamese for every zod schema (request validation at the edge, config): zod's own
 * Vietnamese locale, installed once globally when the HTTP layer is loaded.
 */
z.config(z.locales.vi());

export {};
