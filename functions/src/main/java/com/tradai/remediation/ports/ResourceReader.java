package com.tradai.remediation.ports;

import com.tradai.remediation.core.ResourceRef;
import com.tradai.remediation.core.ResourceState;

/** Port: reads one resource's current state. */
public interface ResourceReader {
  boolean supports(ResourceRef ref);

  ResourceState read(ResourceRef ref);
}
