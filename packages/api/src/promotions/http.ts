// Promotions serves no raw HTTP routes: everything it offers is a tRPC procedure (and its REST
// route). Webhooks, files or other plain routes would live here, declared in the manifest's `raw`
// and answering errors through the runtime's sendError (see payments/http.ts).
export {};
