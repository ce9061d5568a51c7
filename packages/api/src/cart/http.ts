// The cart serves no raw HTTP routes: everything it offers is a tRPC procedure (and its REST
// route). Webhooks, files or other plain routes would live here, answering errors through the
// runtime's sendError, as in payments/http.ts.
export {};
