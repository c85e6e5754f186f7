/**
 * From/To arrive as name-addr (`"Bob" <sip:bob@host>;tag=1`), addr-spec (`sip:bob@host`), bare
 * user@host or bare numbers (webhooks). The event keeps the URI only; masking replaces the user part.
 */
export declare function addressUri(value: string): string;
export declare const MASK = "***";
/** `sip:+4930123@carrier` → `sip:***@carrier`; `+4930123` → `***`; `sip:carrier.example` stays. */
export declare function maskUserPart(uri: string): string;
/**
 * Masks user parts inside free text (raw lines and payloads). It catches every `user@host` and
 * `tel:` number; bare numbers elsewhere in a line (e.g. `calling=4930123`) are not recognisable as
 * user parts and stay.
 */
export declare function maskUserPartsInText(text: string): string;
