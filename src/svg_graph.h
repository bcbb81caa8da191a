/* svg_graph.h - a graph of cities and networks, laid out by Graphviz and
 * drawn as SVG.
 * SPDX-License-Identifier: MIT */
#ifndef INTERCITY_SVG_GRAPH_H
#define INTERCITY_SVG_GRAPH_H

#include <stddef.h>

#include "buf.h"
#include "err.h"

enum svg_node_kind {
	SVG_NODE_CITY,
	SVG_NODE_NETWORK,
	SVG_NODE__MAX
};

struct svg_node {
	const char		*id;	/* "city/barcelona": data-id */
	const char		*label;	/* text */
	const char		*href;	/* link, or NULL */
	enum svg_node_kind	 kind;
	int			 focus;	/* the page's own node */
};

struct svg_edge {
	size_t	 a, b;		/* indexes into nodes */
};

struct svg_graph {
	const char		*title;	/* text */
	const char		*desc;	/* text */
	const struct svg_node	*nodes;
	size_t			 nodesz; /* entries in nodes */
	const struct svg_edge	*edges;
	size_t			 edgesz; /* entries in edges */
};

#define SVG_GRAPH_NODES_MAX	400

/*
 * Lays the graph out with Graphviz (neato; libgvc is not thread-safe, so
 * layouts are serialised) and appends it as SVG: nodes carry data-id and
 * their position, edges data-from and data-to. ERR_INVALID over
 * SVG_GRAPH_NODES_MAX nodes, ERR_NOMEM; *msg (may be NULL) says why.
 */
enum err	 svg_graph(struct buf *, const struct svg_graph *, char **msg);
/* Frees Graphviz's context at exit. */
void		 svg_graph_release(void);

#endif
