#ifndef VNHTML_H
#define VNHTML_H
/* A small C wrapper over libxml2's HTML parser: a saved news page in, its title, its dates from
   <meta> tags and the article text (paragraphs separated by blank lines) out. Only C standard
   types here, so Swift never sees libxml2's headers. */
#include <stdint.h>

typedef struct {
    char *title;        /* <title> or og:title, UTF-8, or NULL */
    char *published;    /* article:published_time / date / pubdate meta content, or NULL */
    char *url;          /* og:url / canonical link, or NULL */
    char *site;         /* og:site_name, or NULL */
    char *text;         /* the text of the page without scripts, styles, navigation, headers and footers */
} vnhtml_page;

/* Parses `len` bytes of HTML (any charset the page declares; UTF-8 if none). Returns 0 on success,
   -1 when the bytes are not a parseable page. Free the result with vnhtml_free. */
int32_t vnhtml_parse(const char *html, int64_t len, vnhtml_page *out);
void vnhtml_free(vnhtml_page *page);

#endif
