/* xr_layers.c: asks the system's OpenXR loader which API layers it finds and
 * prints "name implementation_version" per layer. No runtime is needed: the
 * loader reads the manifests from XDG_DATA_DIRS/openxr/1/api_layers/. */
#include <stdio.h>
#include <stdlib.h>

#include <openxr/openxr.h>

int main(void) {
  uint32_t n = 0, i;
  XrApiLayerProperties* props;
  if (XR_FAILED(xrEnumerateApiLayerProperties(0, &n, NULL))) return 2;
  props = calloc(n ? n : 1, sizeof *props);
  if (!props) return 2;
  for (i = 0; i < n; ++i) props[i].type = XR_TYPE_API_LAYER_PROPERTIES;
  if (XR_FAILED(xrEnumerateApiLayerProperties(n, &n, props))) return 2;
  for (i = 0; i < n; ++i) printf("%s %u\n", props[i].layerName, (unsigned)props[i].layerVersion);
  free(props);
  return 0;
}
