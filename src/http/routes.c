/* routes: the list of every screen module's route table. To add a module, declare its
 * table here and add it to route_tables (order matters only for overlapping patterns). */
#include "http/http.h"

extern const struct route auth_routes[];
extern const struct route static_routes[];
extern const struct route home_routes[];

const struct route *const route_tables[] = {
	auth_routes,
	static_routes,
	home_routes,
	NULL,
};
