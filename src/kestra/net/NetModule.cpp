// The network module's one exported symbol; kestra/TransportLoader.cpp finds it with dlsym.
#include "kestra/NetModule.h"

#include "HttpTransport.h"

extern "C" __attribute__((visibility("default"))) kcicd::kestra::Transport* kcicd_open_net_transport(
    const kcicd::kestra::ClientConfig& config) {
  return new kcicd::kestra::HttpTransport(config);
}
