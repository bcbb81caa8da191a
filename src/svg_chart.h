/* svg_chart.h - charts drawn on the server as SVG: a network's growth.
 * SPDX-License-Identifier: MIT */
#ifndef INTERCITY_SVG_CHART_H
#define INTERCITY_SVG_CHART_H

#include <stddef.h>

#include "buf.h"

/* A value on a date ("2011", "2016-06" or "2017-11-01"). */
struct svg_point {
	const char	*date;
	long		 value;
	const char	*label;	/* a mark's tooltip (text), or NULL */
};

struct svg_growth {
	const char		*title;	/* text, for <title> */
	const char		*desc;	/* text, for <desc> */
	const struct svg_point	*steps;	/* the count after each change, by date */
	size_t			 stepsz; /* entries in steps */
	const struct svg_point	*marks;	/* dated counts from sources */
	size_t			 marksz; /* entries in marks */
	int			 until;	/* last year on the axis (this year) */
};

/*
 * A step chart of a count over time, with marks for dated counts that
 * sources give. Every point carries its data (data-date, data-value) so
 * tests and scripts can read the chart; texts are escaped. Writes nothing
 * when there is neither a step nor a mark.
 */
void	 svg_growth(struct buf *, const struct svg_growth *);

/* A date as a fractional year: "2016-07-01" -> 2016.496; 0 when invalid. */
double	 svg_year(const char *date);

#endif
