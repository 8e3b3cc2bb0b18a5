package memwb.paging;

import org.osgi.service.component.annotations.Component;

import memwb.api.paging.PagingMode;

/** PAE paging as a PagingMode service; only the annotation, so {@link PagingPae} stays plain Java. */
@Component(service = PagingMode.class, property = "paging.name=" + PagingPae.NAME)
public class PagingPaeComponent extends PagingPae {
}
