// Planted violation: a user of Timewall::report reaching its HTML writer.
#include "report/report_html.hpp"
