#include "vnhtml.h"
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    htmlDocPtr doc;
    xmlChar **owned;     /* attribute values libxml2 had to build (several children) */
    size_t owned_count, owned_cap;
} vnhtml_state;

static int grow(void **buf, size_t *cap, size_t need, size_t size) {
    if (need <= *cap) return 0;
    size_t cap2 = *cap ? *cap : 256;
    while (cap2 < need) cap2 *= 2;
    void *nb = realloc(*buf, cap2 * size);
    if (!nb) return -1;
    *buf = nb;
    *cap = cap2;
    return 0;
}

static const char *attr_value(xmlAttrPtr a, vnhtml_state *st) {
    xmlNodePtr c = a->children;
    if (!c) return "";
    if (!c->next && c->type == XML_TEXT_NODE && c->content) return (const char *)c->content;
    xmlChar *v = xmlNodeListGetString(a->doc, c, 1);
    if (!v) return "";
    if (grow((void **)&st->owned, &st->owned_cap, st->owned_count + 1, sizeof(xmlChar *)) != 0) { xmlFree(v); return ""; }
    st->owned[st->owned_count++] = v;
    return (const char *)v;
}

int32_t vnhtml_tree_parse(const char *html, int64_t len, const char *encoding, vnhtml_tree *out) {
    memset(out, 0, sizeof *out);
    if (len < 0 || len > INT32_MAX) return -1;
    vnhtml_state *st = calloc(1, sizeof *st);
    if (!st) return -2;
    out->opaque = st;
    st->doc = htmlReadMemory(html, (int)len, NULL, encoding,
                             HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET | HTML_PARSE_COMPACT);
    if (!st->doc) return -1;
    xmlNodePtr root = xmlDocGetRootElement(st->doc);
    if (!root) return -1;
    size_t ncap = 0, acap = 0, n = 0, na = 0;
    /* Iterative pre-order walk (no recursion: deep pages cannot exhaust the stack). `idx` of the
       current element is kept in a parallel stack of ancestors. */
    int32_t *stack = NULL;
    size_t scap = 0, depth = 0;
    xmlNodePtr cur = root;
    int32_t parent = -1;
    while (cur) {
        int emitted = 0;
        if (cur->type == XML_ELEMENT_NODE || cur->type == XML_TEXT_NODE || cur->type == XML_CDATA_SECTION_NODE) {
            if (grow((void **)&out->nodes, &ncap, n + 1, sizeof(vnhtml_node)) != 0) { free(stack); return -2; }
            vnhtml_node *node = &out->nodes[n];
            node->parent = parent;
            node->first_attr = (int32_t)na;
            node->attr_count = 0;
            node->name = NULL;
            node->content = NULL;
            if (cur->type == XML_ELEMENT_NODE) {
                node->type = VNHTML_ELEMENT;
                node->name = (const char *)cur->name;
                for (xmlAttrPtr a = cur->properties; a; a = a->next) {
                    if (!a->name) continue;
                    if (grow((void **)&out->attrs, &acap, na + 1, sizeof(vnhtml_attr)) != 0) { free(stack); return -2; }
                    out->attrs[na].name = (const char *)a->name;
                    out->attrs[na].value = attr_value(a, st);
                    na++;
                    out->nodes[n].attr_count++;
                }
                emitted = 1;
            } else {
                node->type = cur->type == XML_TEXT_NODE ? VNHTML_TEXT : VNHTML_CDATA;
                node->content = cur->content ? (const char *)cur->content : "";
            }
            n++;
        }
        if (emitted && cur->children) {
            if (grow((void **)&stack, &scap, depth + 1, sizeof(int32_t)) != 0) { free(stack); return -2; }
            stack[depth++] = parent;
            parent = (int32_t)(n - 1);
            cur = cur->children;
            continue;
        }
        while (cur && !cur->next) {
            cur = cur->parent;
            if (!cur || cur == (xmlNodePtr)st->doc || depth == 0) { cur = NULL; break; }
            parent = stack[--depth];
            if (cur == root) { cur = NULL; break; }
        }
        if (cur) cur = cur->next;
    }
    free(stack);
    out->node_count = (int64_t)n;
    out->attr_count = (int64_t)na;
    return 0;
}

void vnhtml_tree_free(vnhtml_tree *tree) {
    vnhtml_state *st = tree->opaque;
    if (st) {
        for (size_t i = 0; i < st->owned_count; i++) xmlFree(st->owned[i]);
        free(st->owned);
        if (st->doc) xmlFreeDoc(st->doc);
        free(st);
    }
    free(tree->nodes);
    free(tree->attrs);
    memset(tree, 0, sizeof *tree);
}
