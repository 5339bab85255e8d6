#ifndef VNHTML_H
#define VNHTML_H
/* A thin C wrapper over libxml2's HTML parser that exposes the parse tree and nothing else: the
   nodes in document order (elements and text), each with its parent and its attributes. What is
   visible, what is chrome and what is the article is decided in Swift (VNInput), not here. Only C
   standard types here, so Swift never sees libxml2's headers. */
#include <stdint.h>

enum { VNHTML_ELEMENT = 1, VNHTML_TEXT = 3, VNHTML_CDATA = 4 };

typedef struct {
    const char *name;   /* attribute name as parsed (UTF-8, NUL-terminated) */
    const char *value;  /* its value with entities decoded ("" for a bare attribute) */
} vnhtml_attr;

typedef struct {
    int32_t type;        /* VNHTML_ELEMENT, VNHTML_TEXT or VNHTML_CDATA */
    int32_t parent;      /* index of the parent element in nodes, -1 for the root */
    int32_t first_attr;  /* index of its first attribute in attrs */
    int32_t attr_count;
    const char *name;    /* element name as libxml2 parsed it (lower case), NULL for text */
    const char *content; /* text content (entities decoded, UTF-8), NULL for elements */
} vnhtml_node;

typedef struct {
    vnhtml_node *nodes;
    int64_t node_count;
    vnhtml_attr *attrs;
    int64_t attr_count;
    void *opaque;        /* the libxml2 document and allocations; the strings above live in it */
} vnhtml_tree;

/* Parses `len` bytes of HTML in `encoding` (e.g. "UTF-8"; NULL: what the page declares) with
   libxml2's recovering HTML parser, no network. Returns 0 on success, -1 when libxml2 gives no
   document, -2 when out of memory. Free the tree with vnhtml_tree_free (also after a failure). */
int32_t vnhtml_tree_parse(const char *html, int64_t len, const char *encoding, vnhtml_tree *out);
void vnhtml_tree_free(vnhtml_tree *tree);

#endif
