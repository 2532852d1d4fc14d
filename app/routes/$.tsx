/** Any other address: a 404 page rather than Remix's logged routing error. */
export function loader() {
  throw new Response("Not found", { status: 404 });
}

export default function NotFound() {
  return null;
}
