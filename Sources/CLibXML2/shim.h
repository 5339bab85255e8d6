/* The system's libxml2 (Debian: libxml2-dev), found through pkg-config (libxml-2.0). Only the C
   target CVNHTML includes it; no Swift module imports it. */
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
