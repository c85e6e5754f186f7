/** The link for a Call-ID, or null without a template. */
export function callIdUrl(template, callId) {
    if (template === null)
        return null;
    return template.split('{callId}').join(encodeURIComponent(callId));
}
//# sourceMappingURL=ui-config.js.map