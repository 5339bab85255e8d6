#define _GNU_SOURCE
#include "vnhtml.h"
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct { char *buf; size_t len, cap; } sbuf;

static void sb_add(sbuf *b, const char *s, size_t n) {
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 4096;
        while (cap < b->len + n + 1) cap *= 2;
        char *nb = realloc(b->buf, cap);
        if (!nb) return;
        b->buf = nb; b->cap = cap;
    }
    memcpy(b->buf + b->len, s, n);
    b->len += n;
    b->buf[b->len] = 0;
}

/* Ends the current paragraph: at most one blank line in a row. */
static void sb_break(sbuf *b) {
    if (b->len == 0) return;
    if (b->len >= 2 && b->buf[b->len - 1] == '\n' && b->buf[b->len - 2] == '\n') return;
    if (b->buf[b->len - 1] == '\n') { sb_add(b, "\n", 1); return; }
    sb_add(b, "\n\n", 2);
}

static int name_is(const xmlNode *n, const char *name) { return n->name && strcasecmp((const char *)n->name, name) == 0; }

static int attr_contains(const xmlNode *n, const char *attr, const char *needle) {
    xmlChar *v = xmlGetProp((xmlNodePtr)n, (const xmlChar *)attr);
    if (!v) return 0;
    int hit = strcasestr((const char *)v, needle) != NULL;
    xmlFree(v);
    return hit;
}

/* Elements whose text is page chrome, not the article. */
static int is_chrome(const xmlNode *n) {
    static const char *skip[] = {"script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe",
                                 "button", "select", "svg", "template", "menu", NULL};
    for (int i = 0; skip[i]; i++) if (name_is(n, skip[i])) return 1;
    static const char *cls[] = {"menu", "navbar", "breadcrumb", "footer", "sidebar", "comment", "related", "share", "social",
                                "advert", "banner", "tin-lien-quan", "tinlienquan", "other-news", NULL};
    for (int i = 0; cls[i]; i++) if (attr_contains(n, "class", cls[i]) || attr_contains(n, "id", cls[i])) return 1;
    return 0;
}

static int is_block(const xmlNode *n) {
    static const char *blocks[] = {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "table", "section",
                                   "article", "blockquote", "figcaption", "figure", "ul", "ol", "dd", "dt", NULL};
    for (int i = 0; blocks[i]; i++) if (name_is(n, blocks[i])) return 1;
    return 0;
}

static void walk(const xmlNode *n, sbuf *b) {
    for (; n; n = n->next) {
        if (n->type == XML_TEXT_NODE && n->content) {
            const char *s = (const char *)n->content;
            size_t len = strlen(s);
            /* Collapse white space runs to one space; the normalizer does the rest. */
            size_t i = 0;
            while (i < len) {
                if (s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r') {
                    if (b->len && b->buf[b->len - 1] != ' ' && b->buf[b->len - 1] != '\n') sb_add(b, " ", 1);
                    while (i < len && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r')) i++;
                } else {
                    size_t j = i;
                    while (j < len && !(s[j] == ' ' || s[j] == '\n' || s[j] == '\t' || s[j] == '\r')) j++;
                    sb_add(b, s + i, j - i);
                    i = j;
                }
            }
        } else if (n->type == XML_ELEMENT_NODE) {
            if (is_chrome(n) || name_is(n, "head")) continue;
            int block = is_block(n);
            if (block) sb_break(b);
            walk(n->children, b);
            if (block) sb_break(b);
        }
    }
}

static char *dup_prop(const xmlNode *n, const char *attr) {
    xmlChar *v = xmlGetProp((xmlNodePtr)n, (const xmlChar *)attr);
    if (!v) return NULL;
    char *s = strdup((const char *)v);
    xmlFree(v);
    return s;
}

static void scan_head(const xmlNode *n, vnhtml_page *out) {
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE) continue;
        if (name_is(n, "title") && !out->title && n->children && n->children->content) {
            out->title = strdup((const char *)n->children->content);
        } else if (name_is(n, "meta")) {
            char *key = dup_prop(n, "property");
            if (!key) key = dup_prop(n, "name");
            if (!key) key = dup_prop(n, "itemprop");
            if (key) {
                char **slot = NULL;
                if (!strcasecmp(key, "og:title")) slot = &out->title;
                else if (!strcasecmp(key, "article:published_time") || !strcasecmp(key, "pubdate") || !strcasecmp(key, "date")
                         || !strcasecmp(key, "datePublished") || !strcasecmp(key, "dc.date.issued")) slot = &out->published;
                else if (!strcasecmp(key, "og:url")) slot = &out->url;
                else if (!strcasecmp(key, "og:site_name")) slot = &out->site;
                if (slot) {
                    char *content = dup_prop(n, "content");
                    if (content) { if (*slot && slot != &out->title) free(content); else { free(*slot); *slot = content; } }
                }
                free(key);
            }
        } else if (name_is(n, "link") && !out->url && attr_contains(n, "rel", "canonical")) {
            out->url = dup_prop(n, "href");
        } else if (name_is(n, "time") && !out->published) {
            out->published = dup_prop(n, "datetime");
        }
        scan_head(n->children, out);
    }
}

int32_t vnhtml_parse(const char *html, int64_t len, vnhtml_page *out) {
    memset(out, 0, sizeof *out);
    htmlDocPtr doc = htmlReadMemory(html, (int)len, NULL, NULL,
                                    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET | HTML_PARSE_COMPACT);
    if (!doc) return -1;
    xmlNode *root = xmlDocGetRootElement(doc);
    if (!root) { xmlFreeDoc(doc); return -1; }
    scan_head(root, out);
    sbuf b = {0};
    walk(root, &b);
    out->text = b.buf ? b.buf : strdup("");
    xmlFreeDoc(doc);
    return 0;
}

void vnhtml_free(vnhtml_page *p) {
    free(p->title); free(p->published); free(p->url); free(p->site); free(p->text);
    memset(p, 0, sizeof *p);
}
