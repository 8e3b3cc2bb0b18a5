package memwb.paging;

import org.osgi.service.component.annotations.Component;

import memwb.api.paging.PagingMode;

/** 32-bit paging with PSE and PSE-36 as a PagingMode service; only the annotation, so {@link Paging32} stays plain Java. */
@Component(service = PagingMode.class, property = "paging.name=" + Paging32.NAME)
public class Paging32Component extends Paging32 {
}
